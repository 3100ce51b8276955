package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.lifeboat.security.SecretReference;
import io.lifeboat.security.SecretReference.SecretFile;

/**
 * Runs one restic command against one repository through {@link ToolProcess}: the password only ever as a file in
 * {@code RESTIC_PASSWORD_FILE}, never on the command line or in the environment, and inherited {@code RESTIC_*}
 * variables dropped so they cannot override what the data source names.
 */
final class ResticProcess {

    /** A large tree can take hours; the limit only catches a restic that hangs. */
    private static final Duration TIMEOUT = Duration.ofHours(24);

    private final Path binary;
    private final String repository;
    private final SecretReference password;

    ResticProcess(Path binary, String repository, SecretReference password) {
        this.binary = binary;
        this.repository = repository;
        this.password = password;
    }

    String repository() {
        return repository;
    }

    /** Runs {@code restic <args>} and keeps its whole stdout. */
    ToolProcess.Result run(String... args) throws AgentException {
        StringBuilder stdout = new StringBuilder();
        ToolProcess.Result result = run(List.of(args), line -> stdout.append(line).append('\n'));
        return new ToolProcess.Result(result.command(), result.exitCode(), stdout.toString(), result.stderr());
    }

    /** Runs {@code restic <args>}, handing each stdout line to {@code onLine} as it arrives (for progress). */
    ToolProcess.Result run(List<String> args, Consumer<String> onLine) throws AgentException {
        String command = "restic " + args.get(0);
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        commandLine.addAll(args);
        try (SecretFile passwordFile = password.openAsFile()) {
            return ToolProcess.run(command, commandLine, List.of("RESTIC_"), Map.of("RESTIC_REPOSITORY", repository,
                    "RESTIC_PASSWORD_FILE", passwordFile.path().toString()), TIMEOUT, onLine);
        } catch (IOException e) {
            // the message names the binary, the repository or the secret reference, never the secret itself
            throw new AgentException(command + " could not run (" + binary + ", repository " + repository + ", password "
                    + password + "): " + e.getMessage(), false, e);
        }
    }
}
