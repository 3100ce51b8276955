package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A realistic source directory for agent tests, and a byte-for-byte picture of any directory to compare with. */
final class SourceTree {

    static final String LONG_PATH = "long/" + "a".repeat(60) + "/" + "b".repeat(60) + "/ticket-export.csv";
    static final String NON_ASCII = "tickets/Überprüfung-日本語 ñ.txt";
    static final String BINARY = "bin/attachments.bin";
    static final int FILE_COUNT = 6;

    private SourceTree() {
    }

    static Path create(Path dir) throws IOException {
        write(dir, "docs/readme.txt", "service desk export\n".getBytes(StandardCharsets.UTF_8));
        write(dir, "docs/nested/deeper/notes.md", "# notes\nline two\n".getBytes(StandardCharsets.UTF_8));
        byte[] binary = new byte[300_000];
        new Random(42).nextBytes(binary);
        write(dir, BINARY, binary);
        write(dir, "empty.txt", new byte[0]);
        write(dir, NON_ASCII, "Grüße\n".getBytes(StandardCharsets.UTF_8));
        write(dir, LONG_PATH, "id,summary\n1,printer on fire\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("empty-dir"));
        return dir;
    }

    static void write(Path dir, String relative, byte[] content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Relative path to content; directories map to the text "<dir>". */
    static Map<String, String> picture(Path dir) throws IOException {
        Map<String, String> picture = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) walk.filter(p -> !p.equals(dir))::iterator) {
                String relative = dir.relativize(path).toString();
                picture.put(relative, Files.isDirectory(path) ? "<dir>"
                        : java.util.HexFormat.of().formatHex(Files.readAllBytes(path)));
            }
        }
        return picture;
    }
}
