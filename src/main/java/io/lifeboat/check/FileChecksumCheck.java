package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.PATH;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.backup.agent.Sha256;
import io.lifeboat.catalog.DrillCheck;

/** {@code fileChecksum {path}}: the restored file's SHA-256 equals the one its backup recorded. */
final class FileChecksumCheck implements CheckType {

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, AgentException, IOException {
        String path = CheckType.required(check, PATH);
        RestoredSources.RestoredFile file = restored.file(path, check.text(DrillCheck.DATA_SOURCE));
        RestoredSource source = file.source();
        SnapshotEntry recorded = restored.recorded(source, path).orElseThrow(() -> CheckNotRun.failed("backup "
                + source.snapshot().snapshotId() + " of data source " + source.dataSource() + " does not list " + path
                + ", so there is no checksum to compare the restored file with"));
        if (recorded.sha256() == null) {
            throw CheckNotRun.failed("the " + source.agent().name() + " agent recorded no SHA-256 for " + path + " in backup "
                    + source.snapshot().snapshotId() + ", so the restored file cannot be compared with it");
        }
        String actual;
        try (InputStream in = Files.newInputStream(file.file())) {
            actual = Sha256.of(in);
        }
        if (actual.equals(recorded.sha256())) {
            return Verdict.passed(file.describe() + ": SHA-256 " + actual + " as backup " + source.snapshot().snapshotId()
                    + " recorded");
        }
        return Verdict.failed(file.describe() + " differs from its backup: SHA-256 expected " + recorded.sha256()
                + " (recorded by backup " + source.snapshot().snapshotId() + "), found " + actual);
    }
}
