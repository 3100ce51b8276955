package io.lifeboat.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

/** Table {@code break_glass_grant} ({@code V6__break_glass.sql}); every method joins the caller's transaction. */
@Repository
public class BreakGlassRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public BreakGlassRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records an active grant. A second active grant for the same user, also one inserted by another node at the
     * same moment, fails with a {@link org.springframework.dao.DuplicateKeyException} on {@code active_user}.
     */
    public void insert(BreakGlassGrant grant) {
        jdbc.update("""
                insert into break_glass_grant (id, user_id, granted_by, reason, granted_at, expires_at,
                                               membership_added, active_user)
                values (:id, :user, :grantedBy, :reason, :grantedAt, :expiresAt, :membershipAdded, :user)""",
                new MapSqlParameterSource("id", grant.id()).addValue("user", grant.user())
                        .addValue("grantedBy", grant.grantedBy()).addValue("reason", grant.reason())
                        .addValue("grantedAt", utc(grant.grantedAt())).addValue("expiresAt", utc(grant.expiresAt()))
                        .addValue("membershipAdded", grant.membershipAdded()));
    }

    /**
     * Ends an active grant. Only one caller wins, however many nodes try at once: the row lock makes the others
     * wait and then find {@code ended_at} set.
     *
     * @return true for the caller that ended it
     */
    public boolean end(String id, Instant at, String endReason) {
        return jdbc.update("""
                update break_glass_grant set ended_at = :at, end_reason = :endReason, active_user = null
                where id = :id and ended_at is null""",
                new MapSqlParameterSource("id", id).addValue("at", utc(at)).addValue("endReason", endReason)) == 1;
    }

    public Optional<BreakGlassGrant> find(String id) {
        return jdbc.query("select * from break_glass_grant where id = :id",
                new MapSqlParameterSource("id", id), BreakGlassRepository::toGrant).stream().findFirst();
    }

    public Optional<BreakGlassGrant> activeGrantOf(String user) {
        return jdbc.query("select * from break_glass_grant where active_user = :user",
                new MapSqlParameterSource("user", user), BreakGlassRepository::toGrant).stream().findFirst();
    }

    /** Active grants whose expiry is not after {@code now}, soonest first. */
    public List<BreakGlassGrant> due(Instant now) {
        return jdbc.query("""
                select * from break_glass_grant where ended_at is null and expires_at <= :now order by expires_at""",
                new MapSqlParameterSource("now", utc(now)), BreakGlassRepository::toGrant);
    }

    /** Every grant, active and past, newest first. */
    public List<BreakGlassGrant> all() {
        return jdbc.query("select * from break_glass_grant order by granted_at desc, id",
                BreakGlassRepository::toGrant);
    }

    private static BreakGlassGrant toGrant(ResultSet rs, int row) throws SQLException {
        return new BreakGlassGrant(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("granted_by"),
                rs.getString("reason"),
                instant(rs, "granted_at"),
                instant(rs, "expires_at"),
                instant(rs, "ended_at"),
                rs.getString("end_reason"),
                rs.getBoolean("membership_added"));
    }

}
