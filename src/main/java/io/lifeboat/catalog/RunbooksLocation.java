package io.lifeboat.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Decides where the runbooks are read from: the configured directory when it exists, so an operator can edit a runbook
 * without rebuilding; otherwise a fresh copy of the runbooks packaged in the jar.
 */
public final class RunbooksLocation {

    static final String CLASSPATH_DIR = "runbooks";
    static final String BUNDLED_DIR = "runbooks-bundled";

    private static final Logger log = LoggerFactory.getLogger(RunbooksLocation.class);

    private RunbooksLocation() {
    }

    /**
     * @param configured {@code lifeboat.runbooks-dir}
     * @param dataDir    {@code lifeboat.data-dir}; the packaged copy is extracted to {@code <dataDir>/runbooks-bundled}
     * @throws IllegalStateException when the directory is missing and no runbooks are packaged either
     */
    public static Path resolve(Path configured, Path dataDir, ResourcePatternResolver resolver) {
        Path dir = configured.toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            log.info("Reading runbooks from the directory {}", dir);
            return dir;
        }
        Path bundled = dataDir.resolve(BUNDLED_DIR).toAbsolutePath().normalize();
        int files;
        try {
            files = new ClasspathExtractor(resolver).extractFresh(CLASSPATH_DIR, bundled);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the packaged runbooks to " + bundled, e);
        }
        if (files == 0) {
            throw new IllegalStateException("no runbooks: the directory " + dir
                    + " (lifeboat.runbooks-dir) does not exist and none are packaged on the classpath");
        }
        log.info("Runbooks directory {} does not exist: reading the {} packaged runbook files, extracted to {}",
                dir, files, bundled);
        return bundled;
    }
}
