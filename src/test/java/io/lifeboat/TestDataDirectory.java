package io.lifeboat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh {@code lifeboat.data-dir} for one test context, with the {@code local} storage target inside it. */
public final class TestDataDirectory {

    private TestDataDirectory() {
    }

    /** Call from a {@code @DynamicPropertySource} method. */
    public static void register(DynamicPropertyRegistry registry, String name) {
        try {
            Path data = Files.createTempDirectory("lifeboat-" + name);
            registry.add("lifeboat.data-dir", data::toString);
            registry.add("lifeboat.storage.targets.local.path", () -> data.resolve("backups").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
