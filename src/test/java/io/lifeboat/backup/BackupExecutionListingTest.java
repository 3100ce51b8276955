package io.lifeboat.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.backup.BackupExecution.DataSourceListing;
import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Listing a backup of two data sources through the real files agent: the limit holds for the whole backup. */
class BackupExecutionListingTest {

    @TempDir
    Path runbooks;
    @TempDir
    Path storage;

    private BackupExecution execution;
    private final List<DataSourceSnapshot> snapshots = new ArrayList<>();

    @BeforeEach
    void backUpTwoDataSourcesOfThreeFilesEach() throws Exception {
        for (String dataSource : List.of("a", "b")) {
            for (String file : List.of("1.txt", "2.txt", "3.txt")) {
                Files.writeString(Files.createDirectories(runbooks.resolve("data/" + dataSource)).resolve(file), dataSource + file);
            }
        }
        Files.writeString(Files.createDirectories(runbooks.resolve("services")).resolve("two.yaml"), """
                id: two
                name: Two directories
                tier: 3
                ownerGroup: operators
                rto: PT8H
                rpo: PT24H
                mtd: P3D
                dataSources:
                  - name: a
                    agent: files
                    settings: {path: data/a}
                  - name: b
                    agent: files
                    settings: {path: data/b}
                backupPolicy:
                  schedule: "0 0 0 * * *"
                  method: full
                  storageTarget: local
                """);
        execution = TestExecutions.on(runbooks, storage);
        execution.backUp("b-two", "two", null, null, ProgressListener.NONE, snapshots::add);
    }

    @Test
    void theLimitCountsEntriesOfEveryDataSourceInOrder() throws Exception {
        List<DataSourceListing> listings = execution.list("two", null, snapshots, "", 4);

        assertThat(listings).extracting(DataSourceListing::dataSource, listing -> paths(listing), listing -> listing.listing().truncated())
                .containsExactly(tuple("a", List.of("1.txt", "2.txt", "3.txt"), false), tuple("b", List.of("1.txt"), true));
    }

    @Test
    void aDataSourcePastTheLimitListsNothingButSaysMoreMatched() throws Exception {
        List<DataSourceListing> listings = execution.list("two", null, snapshots, "3", 1);

        assertThat(listings).extracting(listing -> paths(listing), listing -> listing.listing().truncated())
                .containsExactly(tuple(List.of("3.txt"), false), tuple(List.of(), true));
    }

    private static List<String> paths(DataSourceListing listing) {
        return listing.listing().entries().stream().map(SnapshotEntry::path).toList();
    }
}
