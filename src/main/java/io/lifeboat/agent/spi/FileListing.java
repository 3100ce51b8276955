package io.lifeboat.agent.spi;

import java.util.List;
import java.util.TreeMap;

/**
 * What a snapshot holds below a path prefix, sorted by path and cut at a limit.
 *
 * @param truncated more entries matched than the limit let through
 * @param note      why an agent that keeps no file list lists nothing, else null
 */
public record FileListing(List<SnapshotEntry> entries, boolean truncated, String note) {

    public static FileListing none(String note) {
        return new FileListing(List.of(), false, note);
    }

    /**
     * Collects entries in any order and keeps only the {@code limit} first by path, so a snapshot of millions of files
     * never sits in memory whole.
     */
    public static final class Collector {

        private final String prefix;
        private final int limit;
        private final TreeMap<String, SnapshotEntry> first = new TreeMap<>();
        private boolean truncated;

        /** @param prefix a plain string the path must start with; empty for everything */
        public Collector(String prefix, int limit) {
            this.prefix = prefix;
            this.limit = limit;
        }

        public void add(SnapshotEntry entry) {
            if (!entry.path().startsWith(prefix)) {
                return;
            }
            first.put(entry.path(), entry);
            if (first.size() > limit) {
                first.pollLastEntry();
                truncated = true;
            }
        }

        public FileListing listing() {
            return new FileListing(List.copyOf(first.values()), truncated, null);
        }
    }
}
