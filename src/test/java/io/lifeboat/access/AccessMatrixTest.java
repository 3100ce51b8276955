package io.lifeboat.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.TestDataDirectory;
import io.lifeboat.BasicAuth;
import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;
import io.lifeboat.retention.BackupDeletionRunbook;

/**
 * The authorization matrix as a caller meets it: every operation of Lifeboat's OpenAPI document and of the actuator,
 * called anonymously and as a member of each group, against the table below, which is the specification. An
 * operation the document has and the table has not (or the other way round) fails the test, so a new endpoint
 * cannot ship without a decision about who may call it.
 *
 * <p>"Allowed" means neither 401 nor 403 nor a server error: the calls carry harmless input (unknown ids, empty
 * bodies), so an allowed caller mostly meets a 400 or 404, which proves the request got past authorization.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:access-matrix-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false"})
@ActiveProfiles("demo")
// /actuator/prometheus exists: Spring Boot tests turn metrics export off unless asked
@AutoConfigureObservability
class AccessMatrixTest {

    /** The demo user of each group, in the table's column order. */
    private static final Map<String, String> USER_OF_GROUP = orderedMap(
            "commanders", "commander", "approvers", "approver", "operators", "operator", "auditors", "auditor",
            "agents", "agent", "camunda-admin", "admin");

    private static final String PEOPLE = "commanders approvers operators auditors camunda-admin";
    private static final String METRICS = "commanders operators auditors camunda-admin";

    /**
     * Operation -> who may call it: group ids, {@code anonymous} for everyone, {@code sender-token} for the alert
     * webhooks (their senders' bearer tokens; no user's Basic credentials open them).
     */
    private static final String MATRIX = """
            GET    /api/services                          | %1$s
            GET    /api/services/{id}                     | %1$s
            GET    /api/catalog/drift                     | %1$s
            POST   /api/backups                           | operators commanders camunda-admin
            GET    /api/backups                           | %1$s
            GET    /api/backups/{id}                      | %1$s
            GET    /api/backups/{id}/files                | operators commanders auditors
            DELETE /api/backups/{id}                      | operators camunda-admin
            POST   /api/restores                          | operators commanders
            GET    /api/restores                          | %1$s
            GET    /api/restores/{id}                     | %1$s
            POST   /api/restores/{id}/decision            | commanders
            POST   /api/drills                            | operators commanders
            GET    /api/drills                            | %1$s
            GET    /api/drills/{id}                       | %1$s
            GET    /api/drills/{id}/report                | %1$s
            POST   /api/retention/sweeps                  | operators camunda-admin
            POST   /api/holds                             | commanders approvers
            GET    /api/holds                             | commanders approvers auditors
            DELETE /api/holds/{id}                        | approvers
            GET    /api/incidents                         | %1$s
            GET    /api/incidents/{id}                    | %1$s
            POST   /api/incidents                         | commanders camunda-admin
            POST   /api/incidents/{id}/emergency-backups  | commanders camunda-admin
            GET    /api/alerts/inbox                      | operators commanders auditors
            POST   /api/alerts/inbox/{id}/skip            | commanders operators
            GET    /api/audit/events                      | %1$s
            GET    /api/audit/verify                      | %1$s
            POST   /api/break-glass                       | commanders camunda-admin
            GET    /api/break-glass                       | commanders auditors camunda-admin
            DELETE /api/break-glass/{id}                  | commanders camunda-admin
            GET    /api/connectors                        | %2$s
            POST   /api/alerts                            | sender-token
            POST   /api/alerts/alertmanager               | sender-token
            POST   /api/alerts/grafana                    | sender-token
            POST   /api/alerts/pagerduty                  | sender-token
            GET    /actuator/prometheus                   | %2$s
            GET    /actuator/metrics                      | %2$s
            GET    /actuator/metrics/{name}               | %2$s
            GET    /actuator                              | %2$s
            GET    /actuator/info                         | %2$s
            GET    /actuator/health                       | anonymous
            GET    /api/no-such-endpoint                  |
            """.formatted(PEOPLE, METRICS);

    /**
     * The engine's REST API where people once walked around Lifeboat: starting a runbook with forged variables,
     * rewriting an instance's variables, suspending it, deciding an approval. Each call gets a fresh backup-deletion
     * instance that Lifeboat recorded as asked for by operator, waiting for its approval.
     */
    private static final String ENGINE_MATRIX = """
            POST /engine-rest/process-definition/key/backup/start          | camunda-admin
            PUT  /engine-rest/process-instance/{instance}/variables/requester | camunda-admin
            PUT  /engine-rest/process-instance/{instance}/suspended          | camunda-admin
            POST /engine-rest/task/{task}/complete                            | approvers
            GET  /engine-rest/process-instance                                | %1$s
            """.formatted(PEOPLE);

    private static final Map<String, String> ENGINE_BODIES = Map.of(
            "/engine-rest/process-definition/key/backup/start", """
                    {"businessKey": "bk-forged", "variables": {"backupId": {"value": "bk-forged"},
                     "serviceId": {"value": "knowledge-base"}, "trigger": {"value": "emergency"},
                     "initiator": {"value": "commander"}, "reason": {"value": "forged"}}}""",
            "/engine-rest/process-instance/{instance}/variables/requester", "{\"value\": \"commander\", \"type\": \"String\"}",
            "/engine-rest/process-instance/{instance}/suspended", "{\"suspended\": true}",
            "/engine-rest/task/{task}/complete", "{\"variables\": {\"approved\": {\"value\": false}}}");

    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    RunbookRequests requests;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "access-matrix");
    }

    @Test
    void everyDocumentedOperationHasARowAndEveryRowAnOperation() throws Exception {
        Set<String> documented = new LinkedHashSet<>();
        JsonNode paths = json.readTree(send("GET", "/v3/api-docs", null, "").body()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
        }
        Set<String> inTable = new LinkedHashSet<>();
        rows().stream().map(Row::operation).filter(operation -> operation.contains(" /api/")).forEach(inTable::add);
        inTable.remove("GET /api/no-such-endpoint");

        assertThat(documented).isNotEmpty();
        assertThat(inTable).as("rows of the access matrix").containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void everyCallerGetsWhatTheMatrixSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Row row : rows()) {
            for (String caller : callers()) {
                String user = USER_OF_GROUP.get(caller);
                int status = send(row.method(), row.path().replaceAll("\\{[^}]+}", "no-such-id"), user, "{}").statusCode();
                boolean allowed = row.allowed().contains("anonymous") || row.allowed().contains(caller);
                int refused = user == null || row.allowed().contains("sender-token") ? 401 : 403;
                boolean asExpected = allowed ? status != 401 && status != 403 && status < 500 : status == refused;
                if (!asExpected) {
                    wrong.add(row.operation() + " as " + caller + ": " + status
                            + (allowed ? " (should be let through)" : " (should be " + refused + ")"));
                }
                checked++;
            }
        }
        assertThat(wrong).as("calls answered against the matrix").isEmpty();
        assertThat(checked).isEqualTo(rows().size() * callers().size());
    }

    @Test
    void theEngineRestOperationsPeopleOnceWalkedAroundAreTheAdminsAndTheCandidatesOnly() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows(ENGINE_MATRIX)) {
            for (String caller : callers()) {
                String path = concrete(row.path());
                int status = send(row.method(), path, USER_OF_GROUP.get(caller),
                        ENGINE_BODIES.getOrDefault(row.path(), "{}")).statusCode();
                boolean allowed = row.allowed().contains(caller);
                // 404 for a caller who may not even see the runbook's definition
                List<Integer> refused = caller.equals("anonymous") ? List.of(401) : List.of(403, 404);
                if (allowed ? status >= 400 : !refused.contains(status)) {
                    wrong.add(row.operation() + " as " + caller + ": " + status
                            + (allowed ? " (should succeed)" : " (should be one of " + refused + ")"));
                }
            }
        }
        assertThat(wrong).as("engine calls answered against the matrix").isEmpty();
    }

    /** The path with a fresh deletion instance (and its approval task) for {instance} and {task}. */
    private String concrete(String template) {
        if (!template.contains("{")) {
            return template;
        }
        String backupId = "bk-matrix-" + UUID.randomUUID();
        ProcessInstance deletion = runtime.startProcessInstanceByKey(BackupDeletionRunbook.KEY, backupId,
                Variables.createVariables().putValue(BackupDeletionRunbook.Variables.REQUESTER.name(), "operator"));
        requests.record(new RunbookRequest(deletion.getId(), BackupDeletionRunbook.KEY, backupId, "operator", "matrix",
                Instant.now()));
        String task = tasks.createTaskQuery().processInstanceId(deletion.getId()).singleResult().getId();
        return template.replace("{instance}", deletion.getId()).replace("{task}", task);
    }

    private static List<String> callers() {
        List<String> callers = new ArrayList<>();
        callers.add("anonymous");
        callers.addAll(USER_OF_GROUP.keySet());
        return callers;
    }

    private static List<Row> rows() {
        return rows(MATRIX);
    }

    private static List<Row> rows(String table) {
        return table.lines().map(line -> {
            String[] cells = line.split("\\|", -1);
            String[] operation = cells[0].trim().split("\\s+");
            return new Row(operation[0], operation[1], Set.of(cells[1].trim().split("\\s+")));
        }).toList();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, "GET".equals(method) || "DELETE".equals(method)
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", BasicAuth.demo(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private record Row(String method, String path, Set<String> allowed) {

        String operation() {
            return method + " " + path;
        }
    }
}
