package io.lifeboat.agent.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileListingTest {

    @Test
    void keepsTheFirstEntriesByPathBelowThePrefixWhateverOrderTheyCameIn() {
        FileListing.Collector collector = new FileListing.Collector("docs/", 2);
        for (String path : new String[] {"docs/zeta.md", "readme.md", "docs/alpha.md", "docs/beta/", "docs"}) {
            collector.add(new SnapshotEntry(path, 1, null, SnapshotEntry.FILE));
        }

        FileListing listing = collector.listing();

        assertThat(listing.entries()).extracting(SnapshotEntry::path).containsExactly("docs/alpha.md", "docs/beta/");
        assertThat(listing.truncated()).as("docs/zeta.md matched beyond the limit").isTrue();
        assertThat(listing.note()).isNull();
    }

    @Test
    void isNotTruncatedWhenEverythingThatMatchedFits() {
        FileListing.Collector collector = new FileListing.Collector("", 2);
        collector.add(new SnapshotEntry("b", 1, null, SnapshotEntry.FILE));
        collector.add(new SnapshotEntry("a", 1, null, SnapshotEntry.DIR));

        assertThat(collector.listing().entries()).extracting(SnapshotEntry::path).containsExactly("a", "b");
        assertThat(collector.listing().truncated()).isFalse();
    }
}
