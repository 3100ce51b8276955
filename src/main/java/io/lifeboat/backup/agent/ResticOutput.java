package io.lifeboat.backup.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.ProgressListener;

/**
 * Reads restic 0.14's JSON output (integrations.md §4.2 and §4.3). Parsed defensively: lines that are not JSON (prune
 * text), unknown message types and unknown fields are ignored, since they differ between restic versions.
 */
final class ResticOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code summary} line of {@code restic backup --json}; 0.14 gives the 8-hex short snapshot id. */
    record BackupSummary(String shortSnapshotId, long totalBytesProcessed, long totalFilesProcessed) {
    }

    /** One entry of {@code restic snapshots --json}. */
    record SnapshotInfo(String id, String shortId, List<String> paths, List<String> tags) {
    }

    private ResticOutput() {
    }

    /** Consumes {@code backup --json} stdout lines: reports {@code status} lines, keeps the {@code summary}. */
    static final class BackupLines implements Consumer<String> {

        private final ProgressListener progress;
        private BackupSummary summary;

        BackupLines(ProgressListener progress) {
            this.progress = progress;
        }

        @Override
        public void accept(String line) {
            JsonNode message = parse(line).orElse(null);
            if (message == null) {
                return;
            }
            switch (message.path("message_type").asText()) {
                case "status" -> {
                    // 0.14 also labels its scan_finished line "status"; it has no bytes_done and reports nothing new
                    if (message.has("percent_done")) {
                        progress.progress(message.path("bytes_done").asLong(), message.path("total_bytes").asLong(),
                                "restic backup: " + message.path("files_done").asLong() + " of "
                                        + message.path("total_files").asLong() + " files");
                    }
                }
                case "summary" -> summary = new BackupSummary(message.path("snapshot_id").asText(null),
                        message.path("total_bytes_processed").asLong(), message.path("total_files_processed").asLong());
                default -> {
                    // verbose_status and future message types carry nothing Lifeboat uses
                }
            }
        }

        Optional<BackupSummary> summary() {
            return Optional.ofNullable(summary);
        }
    }

    static List<SnapshotInfo> snapshots(String stdout) throws AgentException {
        JsonNode array;
        try {
            array = JSON.readTree(stdout.lines().filter(l -> l.startsWith("[")).findFirst().orElse("[]"));
        } catch (JsonProcessingException e) {
            throw new AgentException("restic snapshots printed output that is not JSON: " + e.getOriginalMessage(), true, e);
        }
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (JsonNode snapshot : array) {
            snapshots.add(new SnapshotInfo(snapshot.path("id").asText(), snapshot.path("short_id").asText(),
                    texts(snapshot.path("paths")), texts(snapshot.path("tags"))));
        }
        return snapshots;
    }

    /** A {@code restic ls --json} node: a file, directory or symlink; the absolute path it was backed up from. */
    record Node(String path, String type, long size) {
    }

    /** Whether a {@code restic ls --json} line is a regular file node. */
    static boolean isFileNode(String line) {
        return node(line).filter(node -> "file".equals(node.type())).isPresent();
    }

    /** The node a {@code restic ls --json} line describes; empty for its snapshot line and anything else. */
    static Optional<Node> node(String line) {
        return parse(line).filter(node -> "node".equals(node.path("struct_type").asText()))
                .map(node -> new Node(node.path("path").asText(), node.path("type").asText(), node.path("size").asLong()));
    }

    /** {@code restic stats --json}: the restore size, the sum of the snapshot's file sizes. */
    static long totalSize(String stdout) throws AgentException {
        return stdout.lines().map(ResticOutput::parse).flatMap(Optional::stream)
                .filter(node -> node.has("total_size")).findFirst()
                .orElseThrow(() -> new AgentException("restic stats printed no total_size", true))
                .path("total_size").asLong();
    }

    /**
     * The gist of restic's stderr for an error message: its text lines, and 0.14's JSON {@code error} lines (the Go
     * error struct {@code Op}/{@code Path}/{@code Err}) rewritten as readable text.
     */
    static String stderrGist(String stderr) {
        return ToolProcess.gist(String.join("\n", stderr.lines()
                .map(line -> parse(line.strip()).map(ResticOutput::describeError).orElse(line)).toList()));
    }

    private static String describeError(JsonNode message) {
        JsonNode error = message.path("error");
        String what = error.has("message") ? error.path("message").asText()
                : error.path("Op").asText("error") + " " + error.path("Path").asText() + ": errno " + error.path("Err").asText();
        return what + " (during " + message.path("during").asText("?") + " of " + message.path("item").asText("?") + ")";
    }

    private static Optional<JsonNode> parse(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
