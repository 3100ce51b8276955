package io.lifeboat.backup.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.lifeboat.security.SecretReference;
import io.lifeboat.security.SecretReference.SecretFile;

/**
 * Runs one restic command against one repository, as integrations.md §4 prescribes: absolute binary, stdin from
 * /dev/null (restic would otherwise wait for a password on stdin), stdout and stderr kept apart, and the password only
 * ever as a file in {@code RESTIC_PASSWORD_FILE}, never on the command line or in the environment.
 */
final class ResticProcess {

    /** How a command ended; {@code stdout} is empty when the lines went to a consumer instead. */
    record Result(String command, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private static final File DEV_NULL = new File("/dev/null");

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
    Result run(String... args) throws AgentException {
        StringBuilder stdout = new StringBuilder();
        Result result = run(List.of(args), line -> stdout.append(line).append('\n'));
        return new Result(result.command(), result.exitCode(), stdout.toString(), result.stderr());
    }

    /** Runs {@code restic <args>}, handing each stdout line to {@code onLine} as it arrives (for progress). */
    Result run(List<String> args, Consumer<String> onLine) throws AgentException {
        String command = "restic " + args.get(0);
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        commandLine.addAll(args);
        Path stderrFile = null;
        try (SecretFile passwordFile = password.openAsFile()) {
            stderrFile = Files.createTempFile("lifeboat-restic-", ".stderr");
            ProcessBuilder builder = new ProcessBuilder(commandLine)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectError(stderrFile.toFile());
            Map<String, String> environment = builder.environment();
            // an inherited RESTIC_PASSWORD or RESTIC_REPOSITORY must not override what this data source names
            environment.keySet().removeIf(name -> name.startsWith("RESTIC_"));
            environment.put("RESTIC_REPOSITORY", repository);
            environment.put("RESTIC_PASSWORD_FILE", passwordFile.path().toString());
            Process process = builder.start();
            try (BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                    onLine.accept(line);
                }
                int exitCode = process.waitFor();
                return new Result(command, exitCode, "", Files.readString(stderrFile, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new AgentException(command + " was interrupted", true, e);
            }
        } catch (IOException e) {
            // the message names the binary, the repository or the secret reference, never the secret itself
            throw new AgentException(command + " could not run (" + binary + ", repository " + repository + ", password "
                    + password + "): " + e.getMessage(), false, e);
        } finally {
            deleteQuietly(stderrFile);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file of restic's stderr is harmless; it never holds the password
        }
    }
}
