package io.lifeboat.backup;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** The {@code backup_sla} table: since when each service is watched and its open breach, if any. */
@Repository
class BackupSlaRepository {

    private final NamedParameterJdbcTemplate jdbc;

    BackupSlaRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Since when the service is watched; the first call for a service records {@code now}. */
    Instant watchedSince(String service, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("service", service).addValue("now", utc(now));
        Optional<Instant> since = jdbc.query("select watched_since from backup_sla where service = :service", params,
                (rs, n) -> instant(rs, 1)).stream().findFirst();
        if (since.isPresent()) {
            return since.get();
        }
        // two nodes watching a service for the first time: one insert wins, the other's transaction fails on the
        // primary key and its next check finds the row
        jdbc.update("insert into backup_sla (service, watched_since) values (:service, :now)", params);
        return now;
    }

    /** The newest verified, not deleted backup of the service: its id and when its data was read. */
    Optional<Verified> newestVerified(String service) {
        return jdbc.query("""
                select id, coalesce(data_captured_at, started_at) as read_at from backup
                 where service = :service and status = 'SUCCEEDED' and verified and deleted_at is null
                 order by read_at desc fetch first 1 rows only""",
                new MapSqlParameterSource("service", service),
                (rs, n) -> new Verified(rs.getString("id"), instant(rs, "read_at"))).stream().findFirst();
    }

    /** @return whether this call opened the breach (false: it was open already) */
    boolean openBreach(String service, Instant at) {
        return jdbc.update("update backup_sla set breached_at = :at where service = :service and breached_at is null",
                new MapSqlParameterSource("service", service).addValue("at", utc(at))) == 1;
    }

    /** Closes the service's open breach; @return when it was opened, empty when none was open */
    Optional<Instant> closeBreach(String service) {
        MapSqlParameterSource params = new MapSqlParameterSource("service", service);
        Optional<Instant> open = jdbc.query("select breached_at from backup_sla where service = :service and breached_at is not null",
                params, (rs, n) -> instant(rs, 1)).stream().findFirst();
        return open.filter(at -> jdbc.update(
                "update backup_sla set breached_at = null where service = :service and breached_at is not null", params) == 1);
    }

    record Verified(String backupId, Instant readAt) {
    }
}
