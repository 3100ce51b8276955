package io.lifeboat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

/** Free space of the file system holding a path; an interface of its own so capacity rules can be tested. */
@FunctionalInterface
public interface FreeSpaceProbe {

    long usableBytes(Path path);

    @Component
    class FileStoreProbe implements FreeSpaceProbe {
        @Override
        public long usableBytes(Path path) {
            try {
                return Files.getFileStore(path).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read free space of " + path, e);
            }
        }
    }
}
