package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A restic repository as restic itself lists it, for tests that check what the agents left in it. */
public record ResticRepository(Path path, Path passwordFile) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every snapshot in the repository. */
    public List<JsonNode> snapshots() throws IOException, InterruptedException {
        return list(new ProcessBuilder("/usr/bin/restic", "snapshots", "--json", "--no-lock"));
    }

    /** The snapshots tagged for a backup. */
    public List<JsonNode> snapshotsOf(String backupId) throws IOException, InterruptedException {
        return list(new ProcessBuilder("/usr/bin/restic", "snapshots", "--json", "--no-lock", "--tag",
                ResticAgent.BACKUP_TAG_PREFIX + backupId));
    }

    private List<JsonNode> list(ProcessBuilder builder) throws IOException, InterruptedException {
        builder.environment().put("RESTIC_REPOSITORY", path.toString());
        builder.environment().put("RESTIC_PASSWORD_FILE", passwordFile.toString());
        Process restic = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(restic.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(restic.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(restic.exitValue()).as("restic snapshots: %s", stdout).isZero();
        List<JsonNode> snapshots = new ArrayList<>();
        JSON.readTree(stdout).forEach(snapshots::add);
        return snapshots;
    }
}
