package io.lifeboat.drill;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.lifeboat.check.CheckResult;

/**
 * Tables {@code drill_run}, {@code open_drill} and {@code drill_schedule} ({@code V24__drill.sql}). Every method
 * joins the caller's transaction.
 */
@Repository
class DrillRepository {

    private static final String SELECT = "select * from drill_run ";

    private final NamedParameterJdbcTemplate jdbc;

    DrillRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What is known when a drill is asked for. */
    record NewDrill(String id, String service, String backupId, Instant pointInTime, String recoveryPoint,
                    boolean negativeControl, String trigger, String retryOf, String requestedBy, Duration rto, Duration rpo,
                    Instant referenceTime, Instant startedAt, String catalogFingerprint) {
    }

    /** Records the drill and opens it for its service; a second running drill of the service is a DuplicateKeyException. */
    void insert(NewDrill drill) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", drill.id()).addValue("service", drill.service())
                .addValue("backup", drill.backupId()).addValue("pit", utc(drill.pointInTime()))
                .addValue("point", drill.recoveryPoint()).addValue("control", drill.negativeControl())
                .addValue("trigger", drill.trigger()).addValue("retryOf", drill.retryOf()).addValue("by", drill.requestedBy())
                .addValue("rto", drill.rto().toString()).addValue("rpo", drill.rpo().toString())
                .addValue("reference", utc(drill.referenceTime())).addValue("started", utc(drill.startedAt()))
                .addValue("fingerprint", drill.catalogFingerprint());
        jdbc.update("insert into open_drill (service, drill_id) values (:service, :id)", params);
        jdbc.update("""
                insert into drill_run (id, service, backup_id, point_in_time, recovery_point, negative_control, trigger_kind,
                                       retry_of, requested_by, state, rto_objective, rpo_objective, reference_time, started_at,
                                       catalog_fingerprint)
                values (:id, :service, :backup, :pit, :point, :control, :trigger, :retryOf, :by, 'RUNNING', :rto, :rpo, :reference,
                        :started, :fingerprint)""", params);
    }

    Optional<String> openDrillOf(String service) {
        return jdbc.query("select drill_id from open_drill where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    void close(String id) {
        jdbc.update("delete from open_drill where drill_id = :id", new MapSqlParameterSource("id", id));
    }

    void setProcessInstance(String id, String processInstanceId) {
        update("update drill_run set process_instance_id = :pi where id = :id", id, Map.of("pi", processInstanceId));
    }

    void setSandbox(String id, String sandboxJson) {
        update("update drill_run set sandbox = :sandbox where id = :id", id, Map.of("sandbox", fit(sandboxJson, 4000)));
    }

    /** The sandbox restore was started: which one, of which backup (a point in time names its own). */
    void restoreStarted(String id, String restoreId, String backupId, Instant at) {
        update("update drill_run set restore_id = :restore, backup_id = :backup, restore_started_at = :at where id = :id", id,
                Map.of("restore", restoreId, "backup", backupId, "at", utc(at)));
    }

    void restoreFinished(String id, Instant at, Instant recoveredTo) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("at", utc(at))
                .addValue("recovered", utc(recoveredTo));
        jdbc.update("update drill_run set restore_finished_at = :at, recovered_to = :recovered where id = :id", params);
    }

    Optional<String> drillOfRestore(String restoreId) {
        return jdbc.query("select id from drill_run where restore_id = :restore", new MapSqlParameterSource("restore", restoreId),
                (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    /** How a drill ended; the figures are null where it never got that far. */
    record Ending(DrillVerdict verdict, String reason, List<SandboxDamage> damage, List<CheckResult> checks,
                  Instant checksStartedAt, Instant checksFinishedAt, Long rtoSeconds, Long rpoSeconds,
                  DrillRecord.Teardown teardown, Instant finishedAt) {
    }

    void finish(String id, Ending ending) {
        jdbc.update("""
                update drill_run set state = 'FINISHED', verdict = :verdict, reason = :reason, damage = :damage,
                                     checks = :checks, checks_started_at = :checksStarted, checks_finished_at = :checksFinished,
                                     rto_seconds = :rto, rpo_seconds = :rpo, teardown_succeeded = :teardownOk,
                                     teardown_detail = :teardown, finished_at = :finished
                 where id = :id""", new MapSqlParameterSource("id", id).addValue("verdict", ending.verdict().name())
                .addValue("reason", fit(ending.reason(), 4000)).addValue("damage", fit(DrillJson.of(ending.damage()), 4000))
                .addValue("checks", DrillJson.of(ending.checks())).addValue("checksStarted", utc(ending.checksStartedAt()))
                .addValue("checksFinished", utc(ending.checksFinishedAt())).addValue("rto", ending.rtoSeconds())
                .addValue("rpo", ending.rpoSeconds()).addValue("teardownOk", ending.teardown().succeeded())
                .addValue("teardown", fit(ending.teardown().detail(), 4000)).addValue("finished", utc(ending.finishedAt())));
    }

    void setReportHash(String id, String sha256) {
        update("update drill_run set report_sha256 = :hash where id = :id", id, Map.of("hash", sha256));
    }

    Optional<DrillRecord> find(String id) {
        return jdbc.query(SELECT + "where id = :id", new MapSqlParameterSource("id", id), DrillRepository::toRecord)
                .stream().findFirst();
    }

    /** Newest first; a null filter matches everything. */
    List<DrillRecord> list(String service, DrillVerdict verdict) {
        return jdbc.query(SELECT + """
                 where (cast(:service as varchar(100)) is null or service = :service)
                   and (cast(:verdict as varchar(20)) is null or verdict = :verdict)
                 order by started_at desc""", new MapSqlParameterSource("service", service)
                .addValue("verdict", verdict == null ? null : verdict.name()), DrillRepository::toRecord);
    }

    /** The service's newest finished drill, and its newest passed one, with the catalog fingerprint it proved. */
    Optional<DrillRecord> lastFinished(String service, DrillVerdict verdict) {
        return jdbc.query(SELECT + """
                 where service = :service and state = 'FINISHED' and (cast(:verdict as varchar(20)) is null or verdict = :verdict)
                 order by finished_at desc""", new MapSqlParameterSource("service", service)
                .addValue("verdict", verdict == null ? null : verdict.name()), DrillRepository::toRecord)
                .stream().findFirst();
    }

    /** The service's newest finished negative control. */
    Optional<DrillRecord> lastNegativeControl(String service) {
        return jdbc.query(SELECT + " where service = :service and state = 'FINISHED' and negative_control"
                + " order by finished_at desc", new MapSqlParameterSource("service", service), DrillRepository::toRecord)
                .stream().findFirst();
    }

    String fingerprintOf(String id) {
        return jdbc.queryForObject("select catalog_fingerprint from drill_run where id = :id",
                new MapSqlParameterSource("id", id), String.class);
    }

    /** When the service's newest negative control started, if it had one. */
    Optional<Instant> lastNegativeControlStart(String service) {
        return jdbc.query("select max(started_at) from drill_run where service = :service and negative_control",
                new MapSqlParameterSource("service", service), (rs, n) -> instant(rs, 1)).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    Optional<Instant> lastScheduleTick(String service) {
        return jdbc.query("select last_tick from drill_schedule where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> instant(rs, 1)).stream().findFirst();
    }

    /** Moves the service's drill schedule to {@code now}; only one engine node wins a tick. */
    boolean advanceScheduleTick(String service, Instant previous, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("service", service).addValue("now", utc(now));
        if (previous == null) {
            return jdbc.update("insert into drill_schedule (service, last_tick) values (:service, :now)", params) == 1;
        }
        return jdbc.update("update drill_schedule set last_tick = :now where service = :service and last_tick = :previous",
                params.addValue("previous", utc(previous))) == 1;
    }

    private void update(String sql, String id, Map<String, Object> values) {
        jdbc.update(sql, new MapSqlParameterSource(values).addValue("id", id));
    }

    private static DrillRecord toRecord(ResultSet rs, int row) throws SQLException {
        String verdict = rs.getString("verdict");
        boolean teardownRan = rs.getObject("teardown_succeeded") != null;
        String id = rs.getString("id");
        return new DrillRecord(id, rs.getString("service"), rs.getString("backup_id"), instant(rs, "point_in_time"),
                rs.getString("recovery_point"), rs.getBoolean("negative_control"), rs.getString("trigger_kind"),
                rs.getString("retry_of"), rs.getString("requested_by"), rs.getString("restore_id"),
                DrillRunState.valueOf(rs.getString("state")), verdict == null ? null : DrillVerdict.valueOf(verdict),
                rs.getString("reason"), DrillJson.sandbox(rs.getString("sandbox")), DrillJson.damage(rs.getString("damage")),
                DrillJson.checks(rs.getString("checks")), instant(rs, "reference_time"), instant(rs, "recovered_to"),
                longOrNull(rs, "rto_seconds"), longOrNull(rs, "rpo_seconds"), objectives(rs),
                new DrillRecord.Timings(instant(rs, "started_at"), instant(rs, "restore_started_at"),
                        instant(rs, "restore_finished_at"), instant(rs, "checks_started_at"), instant(rs, "checks_finished_at"),
                        instant(rs, "finished_at")),
                new DrillRecord.Teardown(teardownRan ? rs.getBoolean("teardown_succeeded") : null, rs.getString("teardown_detail")),
                DrillService.reportUrl(id), rs.getString("report_sha256"), rs.getString("process_instance_id"));
    }

    private static DrillRecord.Objectives objectives(ResultSet rs) throws SQLException {
        Duration rto = Duration.parse(rs.getString("rto_objective"));
        Duration rpo = Duration.parse(rs.getString("rpo_objective"));
        Long rtoSeconds = longOrNull(rs, "rto_seconds");
        Long rpoSeconds = longOrNull(rs, "rpo_seconds");
        return new DrillRecord.Objectives(rto.toString(), rpo.toString(), rtoSeconds == null ? null : rtoSeconds <= rto.toSeconds(),
                rpoSeconds == null ? null : rpoSeconds <= rpo.toSeconds());
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
