package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** A copy of the demo catalog ({@code runbooks/}: services, hooks, data, secrets), for tests that change its data. */
    public static Path demoCopy(String name) throws IOException {
        Path copy = Files.createTempDirectory("lifeboat-" + name + "-demo");
        Path demo = Path.of("runbooks");
        try (Stream<Path> files = Files.walk(demo)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(demo.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }
}
