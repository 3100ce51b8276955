package io.lifeboat.restore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.type.TypeReference;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/**
 * Tables {@code restore_run} and {@code open_restore} ({@code V23__restore.sql}). Every method joins the caller's
 * transaction.
 */
@Repository
public class RestoreRepository {

    private static final String SELECT = "select * from restore_run ";

    private final NamedParameterJdbcTemplate jdbc;

    public RestoreRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What is known when a restore is asked for. */
    record NewRestore(String id, String service, String backupId, Instant pointInTime, String mode,
                      Map<String, Map<String, Object>> target, List<String> paths, RestoreState state, String requestedBy,
                      Instant requestedAt, String reason, String incidentId, boolean unverifiedAllowed, Instant referenceTime) {
    }

    /**
     * Records the restore and opens it for its service; a second open restore of the service, even one racing this
     * one, ends in a DuplicateKeyException.
     */
    void insert(NewRestore restore) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", restore.id()).addValue("service", restore.service())
                .addValue("backup", restore.backupId()).addValue("pit", utc(restore.pointInTime())).addValue("mode", restore.mode())
                .addValue("target", RestoreJson.of(restore.target())).addValue("paths", RestoreJson.of(restore.paths()))
                .addValue("state", restore.state().name()).addValue("by", restore.requestedBy())
                .addValue("at", utc(restore.requestedAt())).addValue("reason", restore.reason())
                .addValue("incident", restore.incidentId()).addValue("unverified", restore.unverifiedAllowed())
                .addValue("reference", utc(restore.referenceTime()));
        jdbc.update("insert into open_restore (service, restore_id) values (:service, :id)", params);
        jdbc.update("""
                insert into restore_run (id, service, backup_id, point_in_time, mode, target, paths, state, requested_by,
                                         requested_at, reason, incident_id, unverified_allowed, reference_time)
                values (:id, :service, :backup, :pit, :mode, :target, :paths, :state, :by, :at, :reason, :incident,
                        :unverified, :reference)""", params);
    }

    void setProcessInstance(String id, String processInstanceId) {
        update("update restore_run set process_instance_id = :pi where id = :id", id, Map.of("pi", processInstanceId));
    }

    /** The restore of the service from its request to its end, if there is one. */
    Optional<String> openRestoreOf(String service) {
        return jdbc.query("select restore_id from open_restore where service = :service",
                new MapSqlParameterSource("service", service), (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    void close(String id) {
        jdbc.update("delete from open_restore where restore_id = :id", new MapSqlParameterSource("id", id));
    }

    void recordDecision(String id, RestoreState state, String decidedBy, Instant decidedAt, String comment,
                        String safetyWaivedBecause) {
        jdbc.update("""
                update restore_run set state = :state, approved_by = :by, decided_at = :at, decision_comment = :comment,
                                       safety_waived_because = :waived
                 where id = :id""", new MapSqlParameterSource("id", id).addValue("state", state.name())
                .addValue("by", decidedBy).addValue("at", utc(decidedAt)).addValue("comment", comment)
                .addValue("waived", safetyWaivedBecause));
    }

    void setSafetyBackup(String id, String backupId) {
        update("update restore_run set safety_backup_id = :backup where id = :id", id, Map.of("backup", backupId));
    }

    Optional<RestoreRecord> findBySafetyBackup(String backupId) {
        return jdbc.query(SELECT + "where safety_backup_id = :backup", new MapSqlParameterSource("backup", backupId),
                RestoreRepository::toRecord).stream().findFirst();
    }

    /** How a restore ended; the figures may be null where it never got that far. */
    record Ending(RestoreState state, Instant finishedAt, Instant recoveredTo, Long rtoSeconds, Long approvalWaitSeconds,
                  Long rpoSeconds, List<CheckOutcome> checks, String failedStep, String error) {
    }

    void finish(String id, Ending ending) {
        jdbc.update("""
                update restore_run set state = :state, finished_at = :finished, recovered_to = :recovered, rto_seconds = :rto,
                                       approval_wait_seconds = :wait, rpo_seconds = :rpo, checks = :checks,
                                       failed_step = :step, error = :error
                 where id = :id""", new MapSqlParameterSource("id", id).addValue("state", ending.state().name())
                .addValue("finished", utc(ending.finishedAt())).addValue("recovered", utc(ending.recoveredTo()))
                .addValue("rto", ending.rtoSeconds()).addValue("wait", ending.approvalWaitSeconds())
                .addValue("rpo", ending.rpoSeconds())
                .addValue("checks", ending.checks() == null ? null : RestoreJson.of(ending.checks()))
                .addValue("step", ending.failedStep()).addValue("error", truncate(ending.error())));
    }

    /** A step failed for good: FAILED while the runbook waits at that step's incident, not finished. */
    void markStepFailed(String id, String step, String error) {
        update("update restore_run set state = 'FAILED', failed_step = :step, error = :error where id = :id", id,
                Map.of("step", step, "error", truncate(error)));
    }

    /** The failed step is retried: RUNNING again; the audit trail keeps what failed. */
    void markRetried(String id) {
        update("update restore_run set state = 'RUNNING' where id = :id", id, Map.of());
    }

    public Optional<RestoreRecord> find(String id) {
        return jdbc.query(SELECT + "where id = :id", new MapSqlParameterSource("id", id), RestoreRepository::toRecord)
                .stream().findFirst();
    }

    Optional<RestoreRecord> findByProcessInstance(String processInstanceId) {
        return jdbc.query(SELECT + "where process_instance_id = :pi", new MapSqlParameterSource("pi", processInstanceId),
                RestoreRepository::toRecord).stream().findFirst();
    }

    /** Newest first; a null filter matches everything. */
    public List<RestoreRecord> list(String service, RestoreState state) {
        return jdbc.query(SELECT + """
                 where (cast(:service as varchar(100)) is null or service = :service)
                   and (cast(:state as varchar(20)) is null or state = :state)
                 order by requested_at desc""", new MapSqlParameterSource("service", service)
                .addValue("state", state == null ? null : state.name()), RestoreRepository::toRecord);
    }

    private void update(String sql, String id, Map<String, Object> values) {
        jdbc.update(sql, new MapSqlParameterSource(values).addValue("id", id));
    }

    private static RestoreRecord toRecord(ResultSet rs, int row) throws SQLException {
        String checks = rs.getString("checks");
        return new RestoreRecord(rs.getString("id"), rs.getString("service"), rs.getString("backup_id"),
                instant(rs, "point_in_time"), rs.getString("mode"),
                RestoreJson.read(rs.getString("target"), new TypeReference<>() { }),
                RestoreJson.read(rs.getString("paths"), new TypeReference<>() { }),
                RestoreState.valueOf(rs.getString("state")), rs.getString("requested_by"), instant(rs, "requested_at"),
                rs.getString("reason"), rs.getString("incident_id"), rs.getBoolean("unverified_allowed"),
                rs.getString("approved_by"), instant(rs, "decided_at"), rs.getString("decision_comment"),
                rs.getString("safety_backup_id"), rs.getString("safety_waived_because"), instant(rs, "recovered_to"),
                instant(rs, "reference_time"), longOrNull(rs, "rto_seconds"), longOrNull(rs, "approval_wait_seconds"),
                longOrNull(rs, "rpo_seconds"), checks == null ? List.of() : RestoreJson.checks(checks),
                instant(rs, "finished_at"), rs.getString("failed_step"), rs.getString("error"),
                rs.getString("process_instance_id"), null);
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 3997) + "...";
    }
}
