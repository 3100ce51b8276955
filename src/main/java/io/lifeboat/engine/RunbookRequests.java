package io.lifeboat.engine;

import static io.lifeboat.db.Sql.instant;
import static io.lifeboat.db.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Table {@code runbook_request} ({@code V13__runbook_request.sql}): who asked for each runbook instance Lifeboat's
 * API started. Every method joins the caller's transaction, so a request is recorded with the instance it started
 * or not at all.
 */
@Repository
public class RunbookRequests implements Requesters {

    private final NamedParameterJdbcTemplate jdbc;

    public RunbookRequests(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(RunbookRequest request) {
        jdbc.update("""
                insert into runbook_request (process_instance_id, runbook, business_key, requested_by, reason, requested_at)
                values (:processInstanceId, :runbook, :businessKey, :requestedBy, :reason, :requestedAt)""",
                new MapSqlParameterSource("processInstanceId", request.processInstanceId())
                        .addValue("runbook", request.runbook()).addValue("businessKey", request.businessKey())
                        .addValue("requestedBy", request.requestedBy()).addValue("reason", request.reason())
                        .addValue("requestedAt", utc(request.requestedAt())));
    }

    public Optional<RunbookRequest> of(String processInstanceId) {
        return jdbc.query("select * from runbook_request where process_instance_id = :id",
                new MapSqlParameterSource("id", processInstanceId), RunbookRequests::toRequest).stream().findFirst();
    }

    @Override
    public Optional<String> requesterOf(String processInstanceId) {
        return of(processInstanceId).map(RunbookRequest::requestedBy);
    }

    private static RunbookRequest toRequest(ResultSet rs, int row) throws SQLException {
        return new RunbookRequest(rs.getString("process_instance_id"), rs.getString("runbook"),
                rs.getString("business_key"), rs.getString("requested_by"), rs.getString("reason"),
                instant(rs, "requested_at"));
    }
}
