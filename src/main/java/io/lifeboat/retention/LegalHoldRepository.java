package io.lifeboat.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** Tables {@code legal_hold} and {@code legal_hold_backup} ({@code V7__retention.sql}). */
@Repository
public class LegalHoldRepository {

    /** Active holds covering a backup: placed on it, or on its whole service. */
    private static final String ACTIVE_HOLDS_ON_BACKUP = """
            select h.id from legal_hold h
             where h.released_at is null
               and (h.service = (select service from backup where id = :backup)
                    or exists (select 1 from legal_hold_backup hb where hb.hold_id = h.id and hb.backup_id = :backup))
             order by h.placed_at, h.id""";

    private final NamedParameterJdbcTemplate jdbc;

    public LegalHoldRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(LegalHold hold) {
        jdbc.update("""
                insert into legal_hold (id, service, case_ref, reason, placed_by, placed_at)
                values (:id, :service, :caseRef, :reason, :by, :at)""",
                new MapSqlParameterSource("id", hold.id()).addValue("service", hold.service()).addValue("caseRef", hold.caseRef())
                        .addValue("reason", hold.reason()).addValue("by", hold.placedBy()).addValue("at", utc(hold.placedAt())));
        for (String backupId : hold.backupIds()) {
            jdbc.update("insert into legal_hold_backup (hold_id, backup_id) values (:id, :backup)",
                    new MapSqlParameterSource("id", hold.id()).addValue("backup", backupId));
        }
    }

    public Optional<LegalHold> find(String id) {
        return jdbc.query("select * from legal_hold where id = :id", new MapSqlParameterSource("id", id), this::toHold)
                .stream().findFirst();
    }

    /** Newest first. */
    public List<LegalHold> list() {
        return jdbc.query("select * from legal_hold order by placed_at desc, id desc", this::toHold);
    }

    /** @return false when it was released already (also by someone else at the same moment) */
    public boolean release(String id, String by, Instant at) {
        return jdbc.update("update legal_hold set released_by = :by, released_at = :at where id = :id and released_at is null",
                new MapSqlParameterSource("id", id).addValue("by", by).addValue("at", utc(at))) == 1;
    }

    public List<String> activeHoldsOn(String backupId) {
        return jdbc.queryForList(ACTIVE_HOLDS_ON_BACKUP, new MapSqlParameterSource("backup", backupId), String.class);
    }

    /** Ids of the service's backups that an active hold covers. */
    public Set<String> heldBackupsOf(String service) {
        return new HashSet<>(jdbc.queryForList("""
                select b.id from backup b
                 where b.service = :service
                   and (exists (select 1 from legal_hold h where h.released_at is null and h.service = b.service)
                        or exists (select 1 from legal_hold_backup hb join legal_hold h on h.id = hb.hold_id
                                    where h.released_at is null and hb.backup_id = b.id))""",
                new MapSqlParameterSource("service", service), String.class));
    }

    private LegalHold toHold(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        List<String> backups = jdbc.queryForList("select backup_id from legal_hold_backup where hold_id = :id order by backup_id",
                new MapSqlParameterSource("id", id), String.class);
        return new LegalHold(id, rs.getString("service"), backups, rs.getString("case_ref"), rs.getString("reason"),
                rs.getString("placed_by"), instant(rs, "placed_at"), rs.getString("released_by"), instant(rs, "released_at"));
    }
}
