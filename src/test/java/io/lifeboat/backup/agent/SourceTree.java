package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    /** The newest modification time {@link #setModificationTimes} gives. */
    static final Instant NEWEST = Instant.parse("2026-11-30T08:15:42Z");

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

    /** What an incident does to a directory after its backup: a file changed, one deleted, one added. */
    static void change(Path dir) throws IOException {
        write(dir, "docs/readme.txt", "overwritten by mistake".getBytes(StandardCharsets.UTF_8));
        Files.delete(dir.resolve("empty.txt"));
        write(dir, "docs/added.txt", "new".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Gives the regular files whole-second modification times, a minute apart, the newest {@code newest}, so that a
     * restore can be compared with them exactly and its newest change is known.
     */
    static void setModificationTimes(Path dir, Instant newest) throws IOException {
        Instant time = newest;
        for (String file : modificationTimes(dir).keySet()) {
            Files.setLastModifiedTime(dir.resolve(file), FileTime.from(time));
            time = time.minus(Duration.ofMinutes(1));
        }
    }

    /** The names in {@code path}'s parent directory, sorted; none when it is missing. */
    static List<String> siblings(Path path) throws IOException {
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(path.getParent())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Each regular file's modification time by relative path. */
    static Map<String, FileTime> modificationTimes(Path dir) throws IOException {
        Map<String, FileTime> times = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                times.put(dir.relativize(file).toString(), Files.getLastModifiedTime(file));
            }
        }
        return times;
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
