package io.lifeboat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.BasicAuth;
import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.intake.AlertFixtures;

/**
 * The OpenAPI document against the API it describes: a walk through every operation as its users would call it
 * (and the refusals they meet), each answer checked against the document Lifeboat serves, status code, headers and
 * body schema. An answer the document does not describe, or describes otherwise, fails the test.
 */
@FullStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String TOKEN = "Bearer " + AlertFixtures.DEMO_TOKEN;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> called = new LinkedHashSet<>();
    private OpenApiInteractionValidator validator;
    private JsonNode document;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "openapi");
    }

    @BeforeAll
    void readTheDocument() throws Exception {
        String spec = http.send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        document = json.readTree(spec);
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    }

    @Test
    void theDocumentDeclaresBothSchemesAndEveryOperationItsRefusals() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode responses = operation.getValue().path("responses");
            assertThat(responses.has("401")).as(operation.getKey() + " " + path.getKey() + " documents 401").isTrue();
            assertThat(operation.getValue().path("security").isArray())
                    .as(operation.getKey() + " " + path.getKey() + " names its scheme").isTrue();
        }));
        JsonNode webhook = document.path("paths").path("/api/alerts/pagerduty").path("post");
        assertThat(webhook.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText())
                .endsWith("PagerDutyWebhookEvent");
        assertThat(document.path("paths").path("/api/backups").path("get").path("parameters").findValues("enum"))
                .as("the status filter lists its values").isNotEmpty();
    }

    @Test
    void everyAnswerOfAWalkThroughTheApiMatchesTheDocument() throws Exception {
        call("GET", "/api/services", "operator", null);
        call("GET", "/api/services/notes", "operator", null);
        call("GET", "/api/services/no-such-service", "operator", null);
        // the demo has no ServiceNow: 409 saying so
        call("GET", "/api/catalog/drift", "auditor", null);
        call("GET", "/api/backups", null, null);
        call("POST", "/api/backups", "auditor", Map.of("service", "notes", "reason", "contract"));

        String backup = call("POST", "/api/backups", "operator", Map.of("service", "notes", "reason", "contract"))
                .path("id").asText();
        call("POST", "/api/backups", "operator", Map.of("service", "notes"));
        await().atMost(SOON).until(() -> "SUCCEEDED".equals(get("/api/backups/" + backup).path("status").asText()));
        call("GET", "/api/backups/" + backup, "operator", null);
        call("GET", "/api/backups/" + backup + "/files?prefix=guides/", "auditor", null);
        call("GET", "/api/backups/" + backup + "/files?prefix=" + "x".repeat(1001), "auditor", null);
        call("GET", "/api/backups/no-such-backup/files", "auditor", null);
        call("GET", "/api/backups?service=notes&status=SUCCEEDED", "operator", null);
        call("GET", "/api/backups?status=DONE", "operator", null);
        call("GET", "/api/backups/no-such-backup", "operator", null);

        Map<String, Object> inPlace = Map.of("mode", "in-place");
        String restore = call("POST", "/api/restores", "operator", Map.of("service", "notes", "backupId", backup,
                "reason", "contract", "target", inPlace)).path("id").asText();
        call("POST", "/api/restores", "operator", Map.of("service", "notes", "reason", "contract",
                "target", Map.of("mode", "sideways")));
        call("POST", "/api/restores", "operator", Map.of("service", "notes", "reason", "again", "target", inPlace));
        call("POST", "/api/restores", "operator", Map.of("service", "no-such-service", "reason", "x", "target", inPlace));
        call("GET", "/api/restores?service=notes", "auditor", null);
        call("GET", "/api/restores?state=DONE", "auditor", null);
        call("GET", "/api/restores/" + restore, "auditor", null);
        call("GET", "/api/restores/no-such-restore", "auditor", null);
        call("POST", "/api/restores/" + restore + "/decision", "commander", Map.of("approve", false));
        call("POST", "/api/restores/" + restore + "/decision", "commander", Map.of("approve", false, "comment", "contract"));
        call("POST", "/api/restores/" + restore + "/decision", "commander", Map.of("approve", true));
        call("POST", "/api/restores/no-such-restore/decision", "commander", Map.of("approve", true));

        String drill = call("POST", "/api/drills", "operator", Map.of("service", "notes")).path("id").asText();
        call("POST", "/api/drills", "operator", Map.of("service", "notes"));
        call("POST", "/api/drills", "operator", Map.of("service", "notes", "recoveryPoint", "sometimes"));
        call("POST", "/api/drills", "operator", Map.of("service", "no-such-service"));
        await().atMost(SOON).until(() -> "finished".equals(get("/api/drills/" + drill).path("state").asText()));
        call("GET", "/api/drills?service=notes", "auditor", null);
        call("GET", "/api/drills?verdict=maybe", "auditor", null);
        call("GET", "/api/drills/" + drill, "auditor", null);
        call("GET", "/api/drills/no-such-drill", "auditor", null);
        call("GET", "/api/drills/" + drill + "/report", "auditor", null);
        call("GET", "/api/drills/no-such-drill/report", "auditor", null);

        String hold = call("POST", "/api/holds", "approver", Map.of("backupIds", List.of(backup), "caseRef", "CASE-1",
                "reason", "contract")).path("id").asText();
        call("GET", "/api/holds", "auditor", null);
        call("DELETE", "/api/backups/" + backup + "?reason=held", "operator", null);
        call("DELETE", "/api/holds/" + hold, "approver2", null);
        call("DELETE", "/api/holds/" + hold, "approver2", null);
        call("DELETE", "/api/backups/" + backup + "?reason=contract", "operator", null);
        call("DELETE", "/api/backups/" + backup + "?reason=again", "operator", null);
        call("POST", "/api/retention/sweeps", "operator", Map.of("dryRun", true));
        call("POST", "/api/retention/sweeps", "operator", Map.of("dryrun", true));
        call("POST", "/api/retention/sweeps", "operator", null);

        String incident = call("POST", "/api/incidents", "commander", Map.of("service", "notes", "severity", "critical",
                "title", "contract")).path("id").asText();
        call("POST", "/api/incidents", "commander", Map.of("service", "notes", "severity", "critical", "title", "again"));
        call("GET", "/api/incidents", "auditor", null);
        call("GET", "/api/incidents?state=OPEN", "auditor", null);
        call("GET", "/api/incidents/" + incident, "auditor", null);
        call("GET", "/api/incidents/no-such-incident", "auditor", null);
        call("POST", "/api/incidents/" + incident + "/emergency-backups", "commander", Map.of("justification", "contract"));

        call("POST", "/api/alerts", TOKEN, Map.of("service", "notes", "alertname", "DiskFull", "severity", "warning",
                "status", "firing", "summary", "contract"));
        call("POST", "/api/alerts", TOKEN, Map.of("service", "notes"));
        call("POST", "/api/alerts/alertmanager", TOKEN, AlertFixtures.alertmanagerCaptures().get(0));
        call("POST", "/api/alerts/grafana", TOKEN, AlertFixtures.bytes("grafana-firing.json"));
        byte[] pagerDuty = AlertFixtures.bytes("pagerduty-triggered.json");
        String delivery = UUID.randomUUID().toString();
        Map<String, String> signed = Map.of("X-PagerDuty-Signature",
                AlertFixtures.pagerDutySignature(pagerDuty, AlertFixtures.DEMO_PAGERDUTY_SECRET), "X-Webhook-Id", delivery);
        call("POST", "/api/alerts/pagerduty", TOKEN, pagerDuty, signed);
        call("POST", "/api/alerts/pagerduty", TOKEN, pagerDuty, signed);
        call("POST", "/api/alerts/pagerduty", "operator", pagerDuty, signed);
        call("GET", "/api/alerts/inbox", "operator", null);
        call("POST", "/api/alerts/inbox/987654321/skip", "operator", Map.of("reason", "contract"));

        call("GET", "/api/audit/events?service=notes", "auditor", null);
        call("GET", "/api/audit/verify", "auditor", null);

        String grant = call("POST", "/api/break-glass", "commander", Map.of("user", "operator", "minutes", 5,
                "reason", "contract")).path("id").asText();
        call("POST", "/api/break-glass", "commander", Map.of("user", "operator", "minutes", 5, "reason", "again"));
        call("GET", "/api/break-glass", "auditor", null);
        call("DELETE", "/api/break-glass/" + grant, "commander", null);
        call("DELETE", "/api/break-glass/" + grant, "commander", null);

        call("GET", "/api/connectors", "operator", null);

        assertThat(mismatches).as("answers the OpenAPI document does not describe").isEmpty();
        Set<String> documented = new LinkedHashSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(called).as("every documented operation was called").containsAll(documented);
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(send("GET", path, "operator", null, Map.of()).body());
    }

    private JsonNode call(String method, String path, String caller, Object body) throws Exception {
        return call(method, path, caller, body, Map.of());
    }

    /** Sends one request and checks its answer against the document; returns the answer's body. */
    private JsonNode call(String method, String path, String caller, Object body, Map<String, String> headers)
            throws Exception {
        HttpResponse<String> response = send(method, path, caller, body, headers);
        String template = template(method, path.replaceAll("\\?.*", ""));
        called.add(method + " " + template);
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().firstValue("Content-Type").ifPresent(type -> answer.withContentType(type));
        ValidationReport report = validator.validateResponse(path.replaceAll("\\?.*", ""), Request.Method.valueOf(method),
                answer.build());
        if (report.hasErrors()) {
            mismatches.add(method + " " + path + " -> " + response.statusCode() + ": "
                    + report.getMessages().stream().map(ValidationReport.Message::getMessage).toList());
        }
        boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return response.body().isEmpty() || !isJson ? json.nullNode() : json.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String caller, Object body, Map<String, String> headers)
            throws Exception {
        byte[] bytes = body == null ? new byte[0] : body instanceof byte[] raw ? raw : json.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (caller != null) {
            request.header("Authorization", caller.startsWith("Bearer ") ? caller : BasicAuth.demo(caller));
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The document's path template a concrete path belongs to, e.g. /api/backups/{id}. */
    private String template(String method, String path) {
        List<String> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(templates::add);
        return templates.stream()
                .filter(template -> path.matches(template.replaceAll("\\{[^}]+}", "[^/]+")))
                .filter(template -> document.path("paths").path(template).has(method.toLowerCase()))
                .min((a, b) -> Long.compare(a.chars().filter(c -> c == '{').count(), b.chars().filter(c -> c == '{').count()))
                .orElse(path);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
