package io.lifeboat.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.Snapshot;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** Lifeboat's own backup tables ({@code V1__backup.sql}); every method joins the caller's transaction. */
@Repository
public class BackupRepository {

    private static final String SELECT_BACKUP = "select * from backup ";

    private final NamedParameterJdbcTemplate jdbc;

    public BackupRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the service for one backup and records that backup as RUNNING. Callers look at {@link #claimHolder}
     * first; two claims racing each other end in a {@link DuplicateKeyException} for the loser (a failed statement
     * aborts a PostgreSQL transaction, so it is not caught here).
     */
    public void claimAndInsert(NewBackup backup) {
        jdbc.update("insert into service_claim (service, backup_id, claimed_at) values (:service, :id, :at)", params(backup));
        insert(backup);
    }

    /** Records a backup as RUNNING that runs under someone else's claim of the service (a restore's safety backup). */
    public void insert(NewBackup backup) {
        jdbc.update("""
                insert into backup (id, service, agent, trigger_kind, initiator, reason, status, started_at, process_instance_id,
                                    incident_id, storage_target)
                values (:id, :service, :agent, :trigger, :initiator, :reason, 'RUNNING', :at, :pi, :incident, :target)""",
                params(backup));
    }

    public Optional<String> claimHolder(String service) {
        return jdbc.query("select backup_id from service_claim where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    /** What holds a service, for the messages that name it: {@code backup <id>}, or {@code restore <id>} for a restore. */
    public String describeHolder(String holderId) {
        return (find(holderId).isPresent() ? "backup " : "restore ") + holderId;
    }

    public void releaseClaim(String backupId) {
        jdbc.update("delete from service_claim where backup_id = :id", new MapSqlParameterSource("id", backupId));
    }

    /**
     * Claims the service for a backup or restore whose record exists: a backup that let it go and whose failed step is
     * retried, or a restore. Like {@link #claimAndInsert}, a claim racing another ends in a DuplicateKeyException.
     */
    public void claim(String service, String backupId, Instant at) {
        jdbc.update("insert into service_claim (service, backup_id, claimed_at) values (:service, :id, :at)",
                new MapSqlParameterSource("service", service).addValue("id", backupId).addValue("at", utc(at)));
    }

    public Optional<BackupRecord> findByProcessInstance(String processInstanceId) {
        return jdbc.query(SELECT_BACKUP + " where process_instance_id = :pi", new MapSqlParameterSource("pi", processInstanceId),
                BackupRepository::toRecord).stream().findFirst();
    }

    public Optional<BackupRecord> find(String id) {
        return jdbc.query(SELECT_BACKUP + " where id = :id", new MapSqlParameterSource("id", id), BackupRepository::toRecord)
                .stream().findFirst();
    }

    /** Newest first; a null filter matches everything. */
    public List<BackupRecord> list(String service, BackupStatus status) {
        return jdbc.query(SELECT_BACKUP + """
                 where (cast(:service as varchar(100)) is null or service = :service)
                   and (cast(:status as varchar(20)) is null or status = :status)
                 order by started_at desc, id desc""",
                new MapSqlParameterSource("service", service).addValue("status", status == null ? null : status.name()),
                BackupRepository::toRecord);
    }

    public void saveArtifact(String backupId, String dataSource, Snapshot snapshot) {
        jdbc.update("""
                insert into backup_artifact (backup_id, data_source, agent, snapshot_id, bytes, file_count, checksum, method)
                values (:id, :ds, :agent, :snapshot, :bytes, :files, :checksum, :method)""",
                new MapSqlParameterSource("id", backupId).addValue("ds", dataSource).addValue("agent", snapshot.agent())
                        .addValue("snapshot", snapshot.snapshotId()).addValue("bytes", snapshot.bytes())
                        .addValue("files", snapshot.fileCount()).addValue("checksum", snapshot.checksum())
                        .addValue("method", snapshot.method() == null ? null : snapshot.method().value()));
    }

    public List<BackupArtifact> artifacts(String backupId) {
        return jdbc.query("select * from backup_artifact where backup_id = :id order by data_source",
                new MapSqlParameterSource("id", backupId), (rs, n) -> new BackupArtifact(
                        rs.getString("backup_id"), rs.getString("data_source"),
                        new Snapshot(rs.getString("agent"), rs.getString("snapshot_id"), rs.getLong("bytes"),
                                rs.getLong("file_count"), rs.getString("checksum"), method(rs.getString("method"))),
                        rs.getBoolean("verified"), rs.getString("verification")));
    }

    public void recordVerification(String backupId, String dataSource, boolean ok, String detail) {
        jdbc.update("update backup_artifact set verified = :ok, verification = :detail where backup_id = :id and data_source = :ds",
                new MapSqlParameterSource("id", backupId).addValue("ds", dataSource).addValue("ok", ok).addValue("detail", detail));
    }

    public void markSucceeded(String id, String snapshotId, String method, long bytes, long fileCount, String checksum,
                              boolean verified, Instant at) {
        jdbc.update("""
                update backup set status = 'SUCCEEDED', snapshot_id = :snapshot, method = :method, bytes = :bytes,
                       file_count = :files, checksum = :checksum, verified = :verified, finished_at = :at, error = null,
                       progress = null
                 where id = :id""",
                new MapSqlParameterSource("id", id).addValue("snapshot", snapshotId).addValue("method", method)
                        .addValue("bytes", bytes)
                        .addValue("files", fileCount).addValue("checksum", checksum).addValue("verified", verified)
                        .addValue("at", utc(at)));
    }

    public void markFailed(String id, String step, String error, Instant at) {
        jdbc.update("""
                update backup set status = 'FAILED', failed_step = :step, error = :error, finished_at = :at, progress = null
                 where id = :id""",
                new MapSqlParameterSource("id", id).addValue("step", step).addValue("error", fit(error, 4000))
                        .addValue("at", utc(at)));
    }

    /** The agent step begins: the first time counts, a repeated attempt reads no older data. */
    public void markDataCaptured(String id, Instant at) {
        jdbc.update("update backup set data_captured_at = :at where id = :id and data_captured_at is null",
                new MapSqlParameterSource("id", id).addValue("at", utc(at)));
    }

    /** A failed step is retried: the backup runs again; its failure stays in its history ({@link #events}). */
    public void markRunningAgain(String id) {
        jdbc.update("""
                update backup set status = 'RUNNING', failed_step = null, error = null, finished_at = null
                 where id = :id and status = 'FAILED'""", new MapSqlParameterSource("id", id));
    }

    public void addEvent(String backupId, BackupEvent event) {
        jdbc.update("""
                insert into backup_event (backup_id, at, kind, step, actor, detail)
                values (:id, :at, :kind, :step, :actor, :detail)""",
                new MapSqlParameterSource("id", backupId).addValue("at", utc(event.at())).addValue("kind", event.kind())
                        .addValue("step", event.step()).addValue("actor", event.actor())
                        .addValue("detail", fit(event.detail(), 4000)));
    }

    /** Oldest first. */
    public List<BackupEvent> events(String backupId) {
        return jdbc.query("select * from backup_event where backup_id = :id order by id",
                new MapSqlParameterSource("id", backupId), (rs, n) -> new BackupEvent(instant(rs, "at"), rs.getString("kind"),
                        rs.getString("step"), rs.getString("actor"), rs.getString("detail")));
    }

    /** @return false when it was already marked, so a repeated deletion changes nothing */
    public boolean markDeleted(String id, Instant at) {
        return jdbc.update("update backup set deleted_at = :at where id = :id and deleted_at is null",
                new MapSqlParameterSource("id", id).addValue("at", utc(at))) == 1;
    }

    public void updateProgress(String id, String progress) {
        jdbc.update("update backup set progress = :progress where id = :id",
                new MapSqlParameterSource("id", id).addValue("progress", fit(progress, 500)));
    }

    /** Size of the service's last successful backup, what the next one is expected to need. */
    public Optional<Long> lastSucceededBytes(String service) {
        return jdbc.query("""
                select bytes from backup where service = :service and status = 'SUCCEEDED' and bytes is not null
                 order by finished_at desc fetch first 1 rows only""",
                new MapSqlParameterSource("service", service), (rs, n) -> rs.getLong(1)).stream().findFirst();
    }

    public Optional<Instant> lastVerifiedAt(String service) {
        return jdbc.query("""
                select max(finished_at) from backup
                 where service = :service and status = 'SUCCEEDED' and verified and deleted_at is null""",
                new MapSqlParameterSource("service", service), (rs, n) -> instant(rs, 1)).stream()
                .filter(Objects::nonNull).findFirst();
    }

    public Optional<Instant> lastScheduleTick(String service) {
        return jdbc.query("select last_tick_at from schedule_state where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> instant(rs, 1)).stream().findFirst();
    }

    /**
     * Moves the service's schedule from {@code previous} (null: never ticked) to {@code now}. Only one node wins
     * a given tick, so N engine nodes start one scheduled backup, not N. A node losing the first tick of a service
     * gets a {@link DuplicateKeyException}.
     */
    public boolean advanceScheduleTick(String service, Instant previous, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("service", service).addValue("now", utc(now));
        if (previous == null) {
            return jdbc.update("insert into schedule_state (service, last_tick_at) values (:service, :now)", params) == 1;
        }
        return jdbc.update("update schedule_state set last_tick_at = :now where service = :service and last_tick_at = :previous",
                params.addValue("previous", utc(previous))) == 1;
    }

    private static MapSqlParameterSource params(NewBackup backup) {
        return new MapSqlParameterSource("id", backup.id()).addValue("service", backup.service())
                .addValue("agent", backup.agent()).addValue("trigger", backup.trigger().value())
                .addValue("initiator", backup.initiator()).addValue("reason", backup.reason())
                .addValue("at", utc(backup.startedAt())).addValue("pi", backup.processInstanceId())
                .addValue("incident", backup.incidentId()).addValue("target", backup.storageTarget());
    }

    private static BackupRecord toRecord(ResultSet rs, int row) throws SQLException {
        return new BackupRecord(rs.getString("id"), rs.getString("service"), rs.getString("agent"), rs.getString("method"),
                BackupTrigger.parse(rs.getString("trigger_kind")), rs.getString("initiator"), rs.getString("reason"),
                BackupStatus.valueOf(rs.getString("status")), rs.getString("snapshot_id"),
                (Long) rs.getObject("bytes", Long.class), (Long) rs.getObject("file_count", Long.class),
                rs.getString("checksum"), rs.getBoolean("verified"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getString("process_instance_id"), rs.getString("error"), rs.getString("progress"),
                rs.getString("incident_id"), rs.getString("storage_target"), instant(rs, "deleted_at"),
                rs.getString("failed_step"), instant(rs, "data_captured_at"));
    }

    private static BackupMethod method(String value) {
        return value == null ? null : BackupMethod.parse(value);
    }

    /** What is known when a backup claims its service. */
    public record NewBackup(String id, String service, String agent, BackupTrigger trigger, String initiator, String reason,
                            Instant startedAt, String processInstanceId, String incidentId, String storageTarget) {
    }
}
