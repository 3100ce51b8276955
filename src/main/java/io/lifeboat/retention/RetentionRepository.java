package io.lifeboat.retention;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.db.Sql.utc;

/**
 * Tables {@code retention_sweep}, {@code retention_decision} ({@code V7__retention.sql}) and {@code retention_gate}
 * ({@code V18__retention_rules_and_gate.sql}).
 */
@Repository
public class RetentionRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public RetentionRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the sweep was planned already (a repeated step) */
    public boolean startSweep(String sweepId, String startedBy, Instant at) {
        if (jdbc.queryForObject("select count(*) from retention_sweep where id = :id", new MapSqlParameterSource("id", sweepId),
                Integer.class) > 0) {
            return false;
        }
        jdbc.update("insert into retention_sweep (id, started_by, started_at) values (:id, :by, :at)",
                new MapSqlParameterSource("id", sweepId).addValue("by", startedBy).addValue("at", utc(at)));
        return true;
    }

    /** @param rules the labels of the rules keeping the backup, or {@code gfs} deleting it */
    public void addDecision(String sweepId, String backupId, String service, boolean keep, String rules, String reasons) {
        jdbc.update("""
                insert into retention_decision (sweep_id, backup_id, service, keep, rules, reasons)
                values (:sweep, :backup, :service, :keep, :rules, :reasons)""",
                new MapSqlParameterSource("sweep", sweepId).addValue("backup", backupId).addValue("service", service)
                        .addValue("keep", keep).addValue("rules", fit(rules, 200)).addValue("reasons", fit(reasons, 500)));
    }

    public void recordOutcome(String sweepId, String backupId, SweepOutcome outcome, String detail) {
        jdbc.update("update retention_decision set outcome = :outcome, detail = :detail where sweep_id = :sweep and backup_id = :backup",
                new MapSqlParameterSource("sweep", sweepId).addValue("backup", backupId).addValue("outcome", outcome.name())
                        .addValue("detail", fit(detail, 2000)));
    }

    /**
     * Expired backups whose deletion has not been tried in this sweep yet; a service's deletions an approver
     * rejected are not among them.
     */
    public List<Decision> pendingDeletions(String sweepId) {
        return decisions(sweepId).stream().filter(decision -> !decision.keep() && decision.outcome() == null).toList();
    }

    public Decision decision(String sweepId, String backupId) {
        return decisions(sweepId).stream().filter(decision -> decision.backupId().equals(backupId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("sweep " + sweepId + " did not weigh backup " + backupId));
    }

    public List<Decision> decisions(String sweepId) {
        return jdbc.query("select * from retention_decision where sweep_id = :sweep order by service, backup_id",
                new MapSqlParameterSource("sweep", sweepId), (rs, n) -> new Decision(rs.getString("backup_id"),
                        rs.getString("service"), rs.getBoolean("keep"), rs.getString("rules"), rs.getString("reasons"),
                        rs.getString("outcome") == null ? null : SweepOutcome.valueOf(rs.getString("outcome")),
                        rs.getString("detail")));
    }

    /** A service whose deletions wait for an approver: how many backups were weighed and how many would go. */
    public void addGate(String sweepId, String service, int weighed, int deletions) {
        jdbc.update("insert into retention_gate (sweep_id, service, weighed, deletions) values (:sweep, :service, :weighed, :deletions)",
                new MapSqlParameterSource("sweep", sweepId).addValue("service", service).addValue("weighed", weighed)
                        .addValue("deletions", deletions));
    }

    public List<Gate> gates(String sweepId) {
        return jdbc.query("select * from retention_gate where sweep_id = :sweep order by service",
                new MapSqlParameterSource("sweep", sweepId), (rs, n) -> new Gate(rs.getString("service"), rs.getInt("weighed"),
                        rs.getInt("deletions"), (Boolean) rs.getObject("approved"), rs.getString("decided_by"),
                        rs.getString("note")));
    }

    /** The approver's decision on every gated service of the sweep. */
    public void decideGates(String sweepId, boolean approved, String decidedBy, String note, Instant at) {
        jdbc.update("""
                update retention_gate set approved = :approved, decided_by = :by, decided_at = :at, note = :note
                 where sweep_id = :sweep""",
                new MapSqlParameterSource("sweep", sweepId).addValue("approved", approved).addValue("by", decidedBy)
                        .addValue("at", utc(at)).addValue("note", fit(note, 2000)));
    }

    public void finishSweep(String sweepId, Instant at) {
        jdbc.update("update retention_sweep set finished_at = :at where id = :id",
                new MapSqlParameterSource("id", sweepId).addValue("at", utc(at)));
    }

    /** What became of an expired backup in a sweep. */
    public enum SweepOutcome {
        DELETED, KEPT_HELD, KEPT_LOCKED, FAILED,
        /** The service's plan deleted more than the maximum fraction, and an approver rejected its deletions. */
        KEPT_REJECTED
    }

    /**
     * @param rules   the labels of the rules keeping the backup ({@code keep-last, daily}), or {@code gfs} deleting it
     * @param outcome null for kept backups and for deletions not tried yet
     */
    public record Decision(String backupId, String service, boolean keep, String rules, String reasons, SweepOutcome outcome,
                           String detail) {
    }

    /** @param approved null while the approver has not decided */
    public record Gate(String service, int weighed, int deletions, Boolean approved, String decidedBy, String note) {
    }
}
