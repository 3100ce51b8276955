package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.agent.spi.Verification;

/** The regular files of a restored directory, for checking them against what the snapshot recorded. */
final class RestoredTree {

    /** How many mismatches a failed comparison names. */
    private static final int NAMED = 5;

    private RestoredTree() {
    }

    /** Each regular file by its path relative to {@code root} with {@code /} separators, as snapshots name them. */
    static SortedMap<String, Path> files(Path root) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        return files;
    }

    /** The newest modification time among the regular files, null when there are none. */
    static Instant newestChange(Path root) throws IOException {
        Instant newest = null;
        for (Path file : files(root).values()) {
            Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (newest == null || modified.isAfter(newest)) {
                newest = modified;
            }
        }
        return newest;
    }

    /**
     * Checks the regular files below {@code root} against what a snapshot recorded of them: none missing, none extra,
     * each of the recorded size and, where one was recorded, SHA-256. Fails naming the first few that differ.
     *
     * @param record what the entries come from, such as "backup b-1's manifest"
     */
    static Verification compare(Path root, Collection<SnapshotEntry> expected, String record) {
        List<String> mismatches = new ArrayList<>();
        boolean hashed = false;
        try {
            SortedMap<String, Path> files = files(root);
            for (SnapshotEntry entry : expected) {
                Path file = files.remove(entry.path());
                hashed |= entry.sha256() != null;
                if (file == null) {
                    mismatches.add("file " + entry.path() + " is missing");
                } else if (Files.size(file) != entry.size()) {
                    mismatches.add("file " + entry.path() + " has " + Files.size(file) + " bytes, " + record + " says "
                            + entry.size());
                } else if (entry.sha256() != null) {
                    String sha256 = Sha256.of(file);
                    if (!sha256.equals(entry.sha256())) {
                        mismatches.add("file " + entry.path() + " has SHA-256 " + sha256 + ", " + record + " says "
                                + entry.sha256());
                    }
                }
            }
            files.keySet().forEach(extra -> mismatches.add("file " + extra + " is not in " + record));
        } catch (IOException e) {
            return Verification.failed("the restored files in " + root + " cannot be read: " + e.getMessage());
        }
        if (mismatches.isEmpty()) {
            return Verification.passed("all " + expected.size() + " restored files in " + root + " match " + record
                    + (hashed ? " (size and SHA-256)" : " (count and sizes)"));
        }
        return Verification.failed(mismatches.size() + " restored files in " + root + " differ from " + record + ": "
                + String.join("; ", mismatches.subList(0, Math.min(NAMED, mismatches.size())))
                + (mismatches.size() > NAMED ? "; ..." : ""));
    }
}
