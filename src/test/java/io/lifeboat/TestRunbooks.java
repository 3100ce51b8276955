package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A runbooks directory of a test's own, for a catalog the shared one ({@code src/test/runbooks}) must not grow by:
 * it starts with that one's secrets (the demo profile's intake tokens and audit key, the restic password) and no
 * services.
 */
public final class TestRunbooks {

    private TestRunbooks() {
    }

    public static Path create(String name) throws IOException {
        Path runbooks = Files.createTempDirectory("lifeboat-" + name + "-runbooks");
        Path secrets = Files.createDirectories(runbooks.resolve("secrets"));
        try (Stream<Path> files = Files.list(Path.of("src/test/runbooks/secrets"))) {
            for (Path file : files.toList()) {
                Files.copy(file, secrets.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(runbooks.resolve("services"));
        return runbooks;
    }
}
