package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.DataFootprint;
import io.lifeboat.agent.spi.FileListing;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SnapshotEntry;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;
import io.lifeboat.servicenow.ServiceNowTableApi;
import io.lifeboat.storage.FreeSpaceProbe;

/**
 * A SaaS export: ServiceNow tables read through the Table API ({@link ServiceNowTableExport}: keyset paging, raw
 * values, references as sys_ids) into {@code <storageRoot>/servicenow/<dataSource>/<backupId>/<table>.jsonl}, one row
 * per line sorted by sys_id, and last {@code <backupId>.manifest.json} beside that directory (per table its rows,
 * bytes, SHA-256 and high-water mark; {@link ServiceNowExportManifest}). Settings: {@link ServiceNowExportSettings}.
 *
 * <p>An export is all or nothing: the files are written into {@code <backupId>.partial/} and renamed whole, then the
 * manifest; a repeated call finds the finished export by its manifest, and starts again over anything less.
 *
 * <p>Failures: the instance's answers arrive as {@link RemoteFailure}s. Those that may pass (429 with its Retry-After,
 * 408, 5xx, no answer) are retryable agent errors, so the worker tries the backup again after its backoff; 400, 401,
 * 403 and 404 are not. Restores write the files into a directory only: Lifeboat writes nothing back into ServiceNow.
 */
@Component
public class ServiceNowExportAgent implements BackupAgent {

    public static final String NAME = "servicenow";

    private static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final String PARTIAL_SUFFIX = ".partial";
    private static final String FILE_SUFFIX = ".jsonl";
    private static final String WRITE_BACK = "a servicenow export restores into a directory only (an alternate restore):"
            + " Lifeboat writes nothing back into ServiceNow";

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final FreeSpaceProbe freeSpace;

    public ServiceNowExportAgent() {
        this(Clock.systemUTC(), new FreeSpaceProbe.FileStoreProbe());
    }

    ServiceNowExportAgent(Clock clock, FreeSpaceProbe freeSpace) {
        this.clock = clock;
        this.freeSpace = freeSpace;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every table whole each time: the Table API tells no deletions, so an incremental export could not show them. */
    @Override
    public Set<BackupMethod> honouredMethods() {
        return Set.of(BackupMethod.FULL);
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        AgentSettings reader = new AgentSettings(settings);
        ServiceNowExportSettings.read(reader, Path.of(""));
        return reader.problems();
    }

    @Override
    public Snapshot backup(String backupId, SourceLocation source, ProgressListener progress) throws AgentException {
        AgentSettings.requireSafeName(backupId, "backup id");
        ServiceNowExportSettings settings = settings(source);
        Path backupDir = backupDir(source);
        Path manifestFile = backupDir.resolve(backupId + MANIFEST_SUFFIX);
        try {
            if (Files.exists(manifestFile)) {
                return existingSnapshot(manifestFile);
            }
            Path partial = backupDir.resolve(backupId + PARTIAL_SUFFIX);
            Path exportDir = backupDir.resolve(backupId);
            DirectoryTree.delete(partial);
            DirectoryTree.delete(exportDir);
            Files.createDirectories(partial);
            String startedAt = clock.instant().toString();
            List<ServiceNowExportManifest.Table> tables = exportTables(settings, partial, progress);
            RestoreLayout.renameDurably(partial, exportDir);
            ServiceNowExportManifest manifest = new ServiceNowExportManifest(source.serviceId(), source.dataSource(),
                    backupId, settings.instance().toString(), startedAt, clock.instant().toString(), tables);
            Path partialManifest = backupDir.resolve(backupId + MANIFEST_SUFFIX + PARTIAL_SUFFIX);
            manifest.write(partialManifest);
            FilesAgent.moveDurably(partialManifest, manifestFile); // last: its presence means the export is complete
            return snapshotOf(manifest, Sha256.of(manifestFile));
        } catch (IOException e) {
            throw new AgentException("servicenow export into " + backupDir + " failed: " + e.getMessage(), true, e);
        }
    }

    private List<ServiceNowExportManifest.Table> exportTables(ServiceNowExportSettings settings, Path dir,
                                                              ProgressListener progress) throws AgentException, IOException {
        ServiceNowTableApi api = settings.serviceNowInstance().tableApi(json, clock);
        long written = 0;
        List<ServiceNowExportManifest.Table> tables = new ArrayList<>();
        for (String table : settings.tables()) {
            long before = written;
            ServiceNowTableExport export = new ServiceNowTableExport(api, settings.pageSize(), json, (name, rows, bytes) ->
                    progress.progress(before + bytes, 0, name + ": " + rows + " rows read"));
            ServiceNowTableExport.Exported exported = exportTable(export, table, settings.filter(table));
            String file = table + FILE_SUFFIX;
            ServiceNowExportFile.Written out = ServiceNowExportFile.write(dir.resolve(file), exported.lines().values());
            written += out.bytes();
            tables.add(new ServiceNowExportManifest.Table(table, file, exported.lines().size(), out.bytes(), out.sha256(),
                    exported.highWaterMark(), exported.catchUpFrom(), settings.filter(table)));
            progress.progress(written, 0, table + ": " + exported.lines().size() + " rows exported to " + file);
        }
        return tables;
    }

    /** The instance's failure as an agent error the worker retries when the instance says it may pass. */
    private static ServiceNowTableExport.Exported exportTable(ServiceNowTableExport export, String table, String filter)
            throws AgentException {
        try {
            return export.export(table, filter);
        } catch (UncheckedIOException e) {
            // the credentials' reference names a secret this host cannot read: no retry brings it
            throw new AgentException("servicenow export of table " + table + " failed: " + e.getMessage(), false, e);
        } catch (RuntimeException e) {
            RemoteFailure failure = RemoteFailure.of(ServiceNowErrors.PEER, e);
            String wait = failure.retryAfter().map(after -> " (the instance asks to wait " + after.toSeconds() + " s)")
                    .orElse("");
            throw new AgentException("servicenow export of table " + table + " failed: " + failure.getMessage() + wait,
                    failure.retryable(), failure);
        }
    }

    /**
     * The snapshot's manifest checksum, then every file against the manifest: SHA-256, line count, each line a JSON row
     * with a sys_id, no sys_id twice. A problem fails the verification naming its table.
     */
    @Override
    public Verification verify(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        ServiceNowExportManifest manifest;
        try {
            String sha256 = Sha256.of(manifestFile);
            if (!sha256.equals(snapshot.checksum())) {
                return Verification.failed("manifest " + manifestFile + " has SHA-256 " + sha256 + ", the snapshot says "
                        + snapshot.checksum());
            }
            manifest = ServiceNowExportManifest.read(manifestFile);
        } catch (IOException e) {
            return Verification.failed("manifest " + manifestFile + " cannot be read: " + e.getMessage());
        }
        Path exportDir = exportDir(manifestFile, manifest);
        List<String> damaged = new ArrayList<>();
        long rows = 0;
        for (ServiceNowExportManifest.Table table : manifest.tables()) {
            try {
                List<String> problems = ServiceNowExportFile.problems(exportDir.resolve(table.file()), table);
                if (!problems.isEmpty()) {
                    damaged.add("table " + table.table() + " (" + table.file() + "): " + String.join("; ", problems));
                }
            } catch (IOException e) {
                damaged.add("table " + table.table() + " (" + table.file() + ") cannot be read: " + e.getMessage());
            }
            rows += table.count();
        }
        if (!damaged.isEmpty()) {
            return Verification.failed(damaged.size() + " of " + manifest.tables().size() + " exported tables differ from"
                    + " the manifest: " + String.join(" | ", damaged));
        }
        return Verification.passed("all " + manifest.tables().size() + " exported tables (" + rows + " rows) match the"
                + " manifest: SHA-256, row counts, one JSON row with its own sys_id per line");
    }

    /** The table files, then the manifest. */
    @Override
    public List<Path> files(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        if (!Files.exists(manifestFile)) {
            return List.of();
        }
        ServiceNowExportManifest manifest = manifest(manifestFile);
        List<Path> files = new ArrayList<>();
        manifest.tables().forEach(table -> files.add(exportDir(manifestFile, manifest).resolve(table.file())));
        files.add(manifestFile);
        return files;
    }

    /** Where the exports are kept: ServiceNow itself is no data of this host's. */
    @Override
    public DataFootprint footprint(SourceLocation source) throws AgentException {
        settings(source);
        return new DataFootprint(List.of(backupDir(source).toAbsolutePath().normalize()), List.of());
    }

    /** The {@code <table>.jsonl} files with their sizes and SHA-256. */
    @Override
    public FileListing list(SourceLocation source, Snapshot snapshot, String prefix, int limit) throws AgentException {
        FileListing.Collector listing = new FileListing.Collector(prefix, limit);
        entries(manifest(manifestFile(source, snapshot))).forEach(listing::add);
        return listing.listing();
    }

    @Override
    public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) throws AgentException {
        if (spec.inPlace()) {
            return Optional.of(WRITE_BACK);
        }
        return layout(source, spec).capacityProblem(freeSpace, manifest(manifestFile(source, snapshot)).bytes());
    }

    /** Copies the table files (all, or those {@link RestoreSpec#paths()} names) into the destination directory. */
    @Override
    public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress)
            throws AgentException {
        RestoreLayout layout = layout(source, spec);
        RestorePaths paths = RestorePaths.of(spec.paths());
        Path manifestFile = manifestFile(source, snapshot);
        ServiceNowExportManifest manifest = manifest(manifestFile);
        paths.requireIn(manifest.tables().stream().map(ServiceNowExportManifest.Table::file).toList(),
                "backup " + snapshot.snapshotId());
        long bytes = 0;
        try (RestoreTarget target = layout.begin()) {
            for (ServiceNowExportManifest.Table table : manifest.tables()) {
                if (paths.selects(table.file())) {
                    Files.copy(exportDir(manifestFile, manifest).resolve(table.file()), target.staging().resolve(table.file()));
                    bytes += table.bytes();
                    progress.progress(bytes, manifest.bytes(), table.file() + " restored");
                }
            }
            target.complete(target.staging());
        } catch (IOException e) {
            throw new AgentException("restore of backup " + snapshot.snapshotId() + " from " + manifestFile + " failed: "
                    + e.getMessage(), true, e);
        }
        // no newest change: the rows' sys_updated_on are the instance's clock, and those changed while the export ran
        // rightly carry times after it began, so neither they nor the files' times are a moment to hold the data against
        return new RestoredData(layout.destination().toString(), null, null, null);
    }

    /** Every restored file's size and SHA-256 against the manifest, none missing and none extra. */
    @Override
    public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored)
            throws AgentException {
        RestorePaths paths = RestorePaths.of(spec.paths());
        List<SnapshotEntry> expected = entries(manifest(manifestFile(source, snapshot))).stream()
                .filter(entry -> paths.selects(entry.path())).toList();
        return RestoredTree.compare(Path.of(restored.location()), expected, "backup " + snapshot.snapshotId() + "'s manifest");
    }

    /** Per exported table (as ServiceNow names it, without schema) the rows the export wrote. */
    @Override
    public Optional<Map<String, Long>> recordedRowCounts(SourceLocation source, Snapshot snapshot) throws AgentException {
        Map<String, Long> counts = new LinkedHashMap<>();
        manifest(manifestFile(source, snapshot)).tables().forEach(table -> counts.put(table.table(), table.count()));
        return Optional.of(counts);
    }

    @Override
    public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) throws AgentException {
        throw new AgentException(WRITE_BACK, false);
    }

    @Override
    public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous)
            throws AgentException {
        throw new AgentException(WRITE_BACK, false);
    }

    /** Removes an alternate restore's files; an in-place restore never wrote any. */
    @Override
    public void discard(SourceLocation source, RestoreSpec spec) throws AgentException {
        if (!spec.inPlace()) {
            layout(source, spec).discard();
        }
    }

    /** The manifest first, so a leftover directory without it is never taken for a backup. */
    @Override
    public void delete(SourceLocation source, Snapshot snapshot) throws AgentException {
        Path manifestFile = manifestFile(source, snapshot);
        try {
            Files.deleteIfExists(manifestFile);
            DirectoryTree.delete(manifestFile.resolveSibling(snapshot.snapshotId()));
        } catch (IOException e) {
            throw new AgentException("cannot delete backup " + snapshot.snapshotId() + " in " + manifestFile.getParent()
                    + ": " + e.getMessage(), true, e);
        }
    }

    private static RestoreLayout layout(SourceLocation source, RestoreSpec spec) throws AgentException {
        if (spec.inPlace()) {
            throw new AgentException(WRITE_BACK, false);
        }
        return RestoreLayout.of(source, spec, List.of());
    }

    private static List<SnapshotEntry> entries(ServiceNowExportManifest manifest) {
        return manifest.tables().stream()
                .map(table -> new SnapshotEntry(table.file(), table.bytes(), table.sha256(), SnapshotEntry.FILE)).toList();
    }

    private static ServiceNowExportSettings settings(SourceLocation source) throws AgentException {
        AgentSettings reader = new AgentSettings(source.settings());
        ServiceNowExportSettings settings = ServiceNowExportSettings.read(reader, source.baseDir());
        reader.requireValid(NAME);
        return settings;
    }

    private static Path backupDir(SourceLocation source) throws AgentException {
        AgentSettings.requireSafeName(source.dataSource(), "data source");
        return source.storageRoot().resolve(NAME).resolve(source.dataSource());
    }

    private static Path manifestFile(SourceLocation source, Snapshot snapshot) throws AgentException {
        AgentSettings.requireSafeName(snapshot.snapshotId(), "backup id");
        return backupDir(source).resolve(snapshot.snapshotId() + MANIFEST_SUFFIX);
    }

    private static Path exportDir(Path manifestFile, ServiceNowExportManifest manifest) {
        return manifestFile.resolveSibling(manifest.backupId());
    }

    private static ServiceNowExportManifest manifest(Path manifestFile) throws AgentException {
        try {
            return ServiceNowExportManifest.read(manifestFile);
        } catch (IOException e) {
            throw new AgentException("manifest " + manifestFile + " cannot be read: " + e.getMessage(), true, e);
        }
    }

    /**
     * The snapshot an earlier attempt completed. Its files were renamed into place before the manifest was written, so
     * a mismatch is damage to a finished backup: reported rather than overwritten, keeping the evidence.
     */
    private static Snapshot existingSnapshot(Path manifestFile) throws IOException, AgentException {
        ServiceNowExportManifest manifest = ServiceNowExportManifest.read(manifestFile);
        for (ServiceNowExportManifest.Table table : manifest.tables()) {
            List<String> problems = ServiceNowExportFile.problems(exportDir(manifestFile, manifest).resolve(table.file()), table);
            if (!problems.isEmpty()) {
                throw new AgentException("backup " + manifest.backupId() + " already exists, but table " + table.table()
                        + " does not match its manifest (" + String.join("; ", problems) + "); refusing to overwrite it", false);
            }
        }
        return snapshotOf(manifest, Sha256.of(manifestFile));
    }

    private static Snapshot snapshotOf(ServiceNowExportManifest manifest, String manifestSha256) {
        return new Snapshot(NAME, manifest.backupId(), manifest.bytes(), manifest.tables().size(), manifestSha256,
                BackupMethod.FULL);
    }
}
