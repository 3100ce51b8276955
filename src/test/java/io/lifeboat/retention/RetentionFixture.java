package io.lifeboat.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import io.lifeboat.security.Roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the retention full-stack tests do through the API, the engine and the database, in one place; also the agent
 * tests' that prune through a remote agent.
 */
public final class RetentionFixture {

    static final Duration SOON = Duration.ofSeconds(60);
    /** In the operators and the approvers group, to show that a requester cannot approve their own request. */
    static final String OPERATING_APPROVER = "opsapprover";

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;
    private final ManagementService management;
    private final HistoryService history;
    private final IdentityService identity;
    private final Environment environment;

    public RetentionFixture(TestRestTemplate http, JdbcTemplate jdbc, ManagementService management, HistoryService history,
                     IdentityService identity, Environment environment) {
        this.http = http;
        this.jdbc = jdbc;
        this.management = management;
        this.history = history;
        this.identity = identity;
        this.environment = environment;
    }

    /** The daily timer must not start a second sweep while a test runs around 03:00. */
    public void holdTheDailyTimer() {
        management.createJobQuery().processDefinitionKey(RetentionSweepRunbook.KEY).timers().list()
                .forEach(timer -> management.suspendJobById(timer.getId()));
    }

    void operatingApprover() {
        if (identity.createUserQuery().userId(OPERATING_APPROVER).count() == 0) {
            User user = identity.newUser(OPERATING_APPROVER);
            user.setPassword(OPERATING_APPROVER);
            identity.saveUser(user);
            identity.createMembership(OPERATING_APPROVER, Roles.OPERATORS);
            identity.createMembership(OPERATING_APPROVER, Roles.APPROVERS);
        }
    }

    /** Midnight UTC, that many days ago. */
    public static Instant daysAgo(int days) {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).minus(days, ChronoUnit.DAYS);
    }

    /** Dates a backup back: its start is what the retention rules read. */
    public void startedAt(String backupId, Instant at) {
        jdbc.update("update backup set started_at = ? where id = ?", OffsetDateTime.ofInstant(at, ZoneOffset.UTC), backupId);
    }

    /** The files agent's archive of a backup on the local target. */
    Path archive(String service, String backupId) {
        return Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path"))
                .resolve(service + "/files/articles/" + backupId + ".tar.gz");
    }

    /** A backup by hand (trigger manual), as an operator asks for it, once it succeeded. */
    public String manual(String service, String reason) {
        ResponseEntity<Map<String, Object>> started = post("operator", "/api/backups", Map.of("service", service, "reason", reason));
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        return awaitSucceeded((String) started.getBody().get("id"));
    }

    String awaitSucceeded(String backupId) {
        await().atMost(SOON).until(() -> !"RUNNING".equals(backup(backupId).get("status")));
        assertThat(backup(backupId)).containsEntry("status", "SUCCEEDED").containsEntry("storageTarget", "local");
        return backupId;
    }

    public void awaitFinished(String processInstanceId) {
        await().atMost(SOON).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
                .finished().count() == 1);
    }

    /** A finished sweep's report. */
    public String summary(String sweep) {
        return (String) history.createHistoricVariableInstanceQuery().processInstanceId(sweep).variableName("summary")
                .singleResult().getValue();
    }

    public Map<String, Object> backup(String id) {
        return exchange("auditor", HttpMethod.GET, "/api/backups/" + id, null).getBody();
    }

    Object variable(String user, Map<String, Object> task, String name) {
        return exchange(user, HttpMethod.GET, "/engine-rest/task/" + task.get("id") + "/variables/" + name, null)
                .getBody().get("value");
    }

    /** As the approval forms submit it: the decision and the note for the audit trail. */
    public ResponseEntity<String> complete(String user, Map<String, Object> task, boolean approved, String note) {
        Map<String, Object> body = Map.of("variables", Map.of("approved", Map.of("value", approved),
                "decisionNote", Map.of("value", note)));
        return http.withBasicAuth(user, user).exchange("/engine-rest/task/" + task.get("id") + "/complete", HttpMethod.POST,
                new HttpEntity<>(body), String.class);
    }

    List<Map<String, Object>> auditEvents(String subject) {
        return getList("auditor", "/api/audit/events?subject=" + subject);
    }

    public ResponseEntity<Map<String, Object>> post(String user, String path, Object body) {
        return exchange(user, HttpMethod.POST, path, body);
    }

    public ResponseEntity<Map<String, Object>> delete(String user, String path) {
        return exchange(user, HttpMethod.DELETE, path, null);
    }

    ResponseEntity<Map<String, Object>> exchange(String user, HttpMethod method, String path, Object body) {
        return http.withBasicAuth(user, user).exchange(path, method, body == null ? null : new HttpEntity<>(body),
                new ParameterizedTypeReference<>() { });
    }

    public List<Map<String, Object>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
