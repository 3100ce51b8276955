package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.BasicAuth;

/**
 * The webhooks as senders meet them: real HTTP, the demo profile's tokens and PagerDuty secret, the test catalog
 * ({@code src/test/runbooks}, whose vault and notes services have alertMatchers), the real inbox and processor with a
 * recording handler. Subclasses choose the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lifeboat.runbooks-dir=src/test/runbooks",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.intake.processor.tick=PT0.1S",
        "lifeboat.intake.processor.initial-delay=PT0S",
        "lifeboat.intake.failing-health-after=PT1S"})
@Import(AlertIntakeHttpTest.TestBeans.class)
abstract class AlertIntakeHttpTest {

    private static final Duration PROCESSED = Duration.ofSeconds(20);
    private static final String BEARER = "Bearer " + AlertFixtures.DEMO_TOKEN;
    private static final String OPERATOR = basic("operator");
    private static final String COMMANDER = basic("commander");
    private static final String AUDITOR = basic("auditor");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RecordingAlertHandler handler;
    @Autowired
    DatabaseOutage outage;

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {

        @Bean
        @Primary
        RecordingAlertHandler recordingAlertHandler() {
            return new RecordingAlertHandler();
        }

        @Bean
        static DatabaseOutage databaseOutage() {
            return new DatabaseOutage();
        }
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("lifeboat-intake").toString();
        registry.add("lifeboat.data-dir", () -> dataDir);
    }

    record Answer(int status, JsonNode body) {
    }

    @Test
    void capturedAlertmanagerPayloadsAreStoredPerAlertAndHandedOverInOrder() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (byte[] capture : AlertFixtures.alertmanagerCaptures()) {
            Answer answer = post("/api/alerts/alertmanager", capture, BEARER);
            assertThat(answer.status()).isEqualTo(202);
            answer.body().get("ids").forEach(id -> ids.add(id.asLong()));
        }

        assertThat(ids).hasSize(5);
        List<Map<String, Object>> rows = rows(ids);
        assertThat(rows).extracting(row -> row.get("fingerprint")).containsExactly(
                "cb072998a5b85684", "39d0128fc9997d11", "cb072998a5b85684", "39d0128fc9997d11", "39d0128fc9997d11");
        assertThat(rows).extracting(row -> row.get("status"))
                .containsExactly("FIRING", "FIRING", "RESOLVED", "FIRING", "RESOLVED");
        // service label "pg-main" is no catalog id; vault's matcher {service: pg-main} claims the alerts
        assertThat(rows).extracting(row -> row.get("service")).containsOnly("vault");
        assertThat(rows).extracting(row -> row.get("source")).containsOnly("alertmanager");

        List<Long> handled = awaitHandled(ids);
        assertThat(handled).containsExactlyElementsOf(ids);
        assertThat(handler.calls().stream().filter(call -> call.alertId() == ids.get(2)).findFirst().orElseThrow().alert())
                .satisfies(alert -> {
                    assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
                    assertThat(alert.labels()).containsEntry("instance", "db01:9187");
                    assertThat(alert.severity()).isEqualTo("critical");
                });
        assertThat(rows(ids)).allSatisfy(row -> assertThat(row.get("processed_at")).isNotNull());
    }

    @Test
    void grafanaWebhookIsStoredUnderTheServiceItsJobMatches() throws Exception {
        Answer answer = post("/api/alerts/grafana", AlertFixtures.bytes("grafana-firing.json"), BEARER);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("accepted").asInt()).isEqualTo(1);
        Map<String, Object> row = rows(List.of(answer.body().get("ids").get(0).asLong())).get(0);
        assertThat(row).containsEntry("source", "grafana").containsEntry("service", "notes")
                .containsEntry("fingerprint", "5c3a1b2f8e9d0a47");
    }

    @Test
    void signedPagerDutyEventIsStoredOnceHoweverOftenItIsDelivered() throws Exception {
        byte[] body = AlertFixtures.bytes("pagerduty-triggered.json");
        String signature = AlertFixtures.pagerDutySignature(body, AlertFixtures.DEMO_PAGERDUTY_SECRET);
        String webhookId = UUID.randomUUID().toString();

        Answer first = pagerDuty(body, signature, webhookId);
        long rowsAfterFirst = count();
        Answer redelivery = pagerDuty(body, signature, webhookId);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().get("duplicate").asBoolean()).isFalse();
        assertThat(redelivery.status()).isEqualTo(200);
        assertThat(redelivery.body().get("duplicate").asBoolean()).isTrue();
        assertThat(redelivery.body().get("accepted").asInt()).isZero();
        assertThat(redelivery.body().get("ids")).isEqualTo(first.body().get("ids"));
        assertThat(count()).isEqualTo(rowsAfterFirst);
        Answer oversizedId = pagerDuty(body, signature, "x".repeat(201));
        assertThat(oversizedId.status()).isEqualTo(400);
        assertThat(oversizedId.body().get("detail").asText()).isEqualTo("X-Webhook-Id is longer than 200 characters");
        assertThat(count()).isEqualTo(rowsAfterFirst);
        Map<String, Object> row = rows(List.of(first.body().get("ids").get(0).asLong())).get(0);
        assertThat(row).containsEntry("source", "pagerduty").containsEntry("service", "vault")
                .containsEntry("fingerprint", "pagerduty:PGR0VU2").containsEntry("status", "FIRING");
    }

    @Test
    void aSignedPagerDutyEventWithAnIncidentIdLongerThanItsColumnIsA400NotARetryForever() throws Exception {
        byte[] body = AlertFixtures.text("pagerduty-triggered.json").replace("\"PGR0VU2\"", "\"" + "P".repeat(300) + "\"")
                .getBytes(StandardCharsets.UTF_8);
        long before = count();

        Answer answer = pagerDuty(body, AlertFixtures.pagerDutySignature(body, AlertFixtures.DEMO_PAGERDUTY_SECRET),
                UUID.randomUUID().toString());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("detail").asText()).isEqualTo("event.data.id is longer than 190 characters");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void whatIsNotExactlyJsonIsRefusedNamingWhyAndNothingIsStored() throws Exception {
        String valid = "{\"service\": \"notes\", \"alertname\": \"DiskFull\", \"severity\": \"warning\", "
                + "\"status\": \"firing\", \"summary\": \"full\"}";
        long before = count();

        Answer trailing = post("/api/alerts", bytes(valid + " {\"again\": 1}"), BEARER);
        Answer numberForString = post("/api/alerts", bytes(valid.replace("\"full\"", "95")), BEARER);
        Answer booleanForString = post("/api/alerts", bytes(valid.replace("\"full\"", "true")), BEARER);
        Answer invalidUtf8 = post("/api/alerts", withBytes(valid, "full", new byte[] {(byte) 0xC3, (byte) 0x28}), BEARER);
        Answer overlongUtf8 = post("/api/alerts", withBytes(valid, "full", new byte[] {(byte) 0xC0, (byte) 0xAF}), BEARER);
        HttpResponse<String> plainText = http.send(HttpRequest.newBuilder(uri("/api/alerts"))
                .header("Content-Type", "text/plain").header("Authorization", BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.body().get("detail").asText()).startsWith("malformed JSON");
        assertThat(numberForString.status()).isEqualTo(400);
        assertThat(numberForString.body().get("detail").asText()).isEqualTo("field 'summary': '95' is not a string");
        assertThat(booleanForString.status()).isEqualTo(400);
        assertThat(invalidUtf8.status()).isEqualTo(400);
        assertThat(overlongUtf8.status()).isEqualTo(400);
        assertThat(plainText.statusCode()).isEqualTo(415);
        assertThat(json.readTree(plainText.body()).get("detail").asText())
                .isEqualTo("the body must be sent as application/json, not 'text/plain'");
        for (Answer refused : List.of(trailing, numberForString, booleanForString, invalidUtf8, overlongUtf8)) {
            assertThat(refused.body().get("detail").asText()).doesNotContain("java.", "com.fasterxml");
        }
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void pagerDutySignatureDuringRotationMayBeTheSecondOfSeveral() throws Exception {
        byte[] body = AlertFixtures.bytes("pagerduty-resolved.json");
        String rotated = AlertFixtures.pagerDutySignature(body, "the-old-secret") + ","
                + AlertFixtures.pagerDutySignature(body, AlertFixtures.DEMO_PAGERDUTY_SECRET);

        Answer answer = pagerDuty(body, rotated, UUID.randomUUID().toString());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(rows(List.of(answer.body().get("ids").get(0).asLong())).get(0)).containsEntry("status", "RESOLVED");
    }

    @Test
    void badOrMissingPagerDutySignatureIsRefusedAndNothingIsStored() throws Exception {
        byte[] body = AlertFixtures.bytes("pagerduty-triggered.json");
        String forged = AlertFixtures.pagerDutySignature(body, "guessed-secret");
        byte[] tampered = AlertFixtures.text("pagerduty-triggered.json").replace("\"high\"", "\"low\"")
                .getBytes(StandardCharsets.UTF_8);
        String signatureOfOriginal = AlertFixtures.pagerDutySignature(body, AlertFixtures.DEMO_PAGERDUTY_SECRET);
        long before = count();

        Answer bad = pagerDuty(body, forged, UUID.randomUUID().toString());
        Answer changedBody = pagerDuty(tampered, signatureOfOriginal, UUID.randomUUID().toString());
        Answer unsigned = post("/api/alerts/pagerduty", body, BEARER);

        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body().get("detail").asText()).contains("no signature in X-PagerDuty-Signature matches");
        assertThat(changedBody.status()).isEqualTo(401);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.body().get("detail").asText()).isEqualTo("the header X-PagerDuty-Signature is missing");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void genericAlertIsStoredUnderTheNamedServiceAndWrongFieldsAreNamed() throws Exception {
        Answer named = postJson("/api/alerts", Map.of("service", "notes", "alertname", "DiskFull", "severity", "warning",
                "status", "firing", "summary", "notes volume 95% full", "labels", Map.of("volume", "/srv")));
        Answer matched = postJson("/api/alerts", Map.of("alertname", "WikiDown", "severity", "critical",
                "status", "resolved", "summary", "wiki back", "labels", Map.of("job", "notes-wiki"),
                "fingerprint", "wiki-probe-1"));
        long before = count();
        Answer unknownService = postJson("/api/alerts", Map.of("service", "mainframe", "alertname", "A",
                "severity", "info", "status", "firing", "summary", "s", "labels", Map.of()));
        Answer noSeverity = postJson("/api/alerts", Map.of("alertname", "A", "status", "firing", "summary", "s",
                "labels", Map.of()));

        assertThat(named.status()).isEqualTo(202);
        assertThat(rows(List.of(named.body().get("ids").get(0).asLong())).get(0))
                .containsEntry("service", "notes").containsEntry("source", "api");
        assertThat(matched.status()).isEqualTo(202);
        assertThat(rows(List.of(matched.body().get("ids").get(0).asLong())).get(0)).containsEntry("service", "notes")
                .containsEntry("fingerprint", "wiki-probe-1").containsEntry("status", "RESOLVED");
        assertThat(unknownService.status()).isEqualTo(400);
        assertThat(unknownService.body().get("detail").asText()).startsWith("service 'mainframe' is not in the catalog");
        assertThat(noSeverity.status()).isEqualTo(400);
        assertThat(noSeverity.body().get("detail").asText()).isEqualTo("severity is missing");
        Answer longFingerprint = postJson("/api/alerts", Map.of("alertname", "A", "severity", "info", "status", "firing",
                "summary", "s", "labels", Map.of(), "fingerprint", "f".repeat(201)));
        assertThat(longFingerprint.status()).isEqualTo(400);
        assertThat(longFingerprint.body().get("detail").asText()).isEqualTo("fingerprint is longer than 200 characters");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void malformedPayloadsAreRefusedNamingTheProblemAndNothingOfThemIsStored() throws Exception {
        long before = count();
        String oneGoodOneBad = """
                {"version": "4", "alerts": [
                  {"status": "firing", "labels": {"alertname": "A", "service": "vault"}, "fingerprint": "aaaa"},
                  {"status": "firing", "annotations": {"summary": "no labels"}}]}""";

        assertRefused(post("/api/alerts/alertmanager", bytes("{\"version\": \"4\", \"alerts\": ["), BEARER),
                "malformed JSON (line 1, column 29)");
        assertRefused(post("/api/alerts/alertmanager", bytes("{\"version\": \"3\", \"alerts\": []}"), BEARER),
                "version must be \"4\", not \"3\"");
        assertRefused(post("/api/alerts/alertmanager", bytes("{\"version\": \"4\", \"receiver\": \"runbook\"}"), BEARER),
                "alerts is missing");
        assertRefused(post("/api/alerts/alertmanager", bytes(oneGoodOneBad), BEARER), "alerts[1].labels is missing");
        assertRefused(post("/api/alerts/alertmanager", bytes("""
                {"version": "4", "alerts": [{"status": "firing", "labels": {"job": "x"}}]}"""), BEARER),
                "alerts[0].labels.alertname is missing");
        assertRefused(post("/api/alerts/grafana", bytes("{\"version\": \"1\", \"alerts\": {\"a\": 1}}"), BEARER),
                "field 'alerts'");
        assertRefused(post("/api/alerts", bytes("[]"), BEARER), "the request body must be a JSON object");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aBodyAboveTheLimitIs413WithOrWithoutADeclaredLength() throws Exception {
        byte[] oversize = new byte[1024 * 1024 + 1];
        Arrays.fill(oversize, (byte) ' ');
        long before = count();

        Answer declared = post("/api/alerts/alertmanager", oversize, BEARER);
        HttpResponse<String> chunked = http.send(request("/api/alerts/alertmanager", BEARER)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversize))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body().get("detail").asText()).contains("larger than 1048576 bytes");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void webhooksTakeTheSendersBearerTokenAndNothingElse() throws Exception {
        byte[] capture = AlertFixtures.alertmanagerCaptures().get(0);
        String operatorBasic = "Basic " + Base64.getEncoder().encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));
        long before = count();

        Answer missing = post("/api/alerts/alertmanager", capture, null);
        Answer wrong = post("/api/alerts/alertmanager", capture, "Bearer not-the-token");
        Answer basic = post("/api/alerts/alertmanager", capture, operatorBasic);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("error").asText()).isEqualTo("unauthorized");
        assertThat(missing.body().get("detail").asText()).contains("Authorization: Bearer <token>", "alertmanager");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("detail").asText()).doesNotContain("not-the-token", AlertFixtures.DEMO_TOKEN);
        assertThat(basic.status()).isEqualTo(401);
        assertThat(count()).isEqualTo(before);
        // the rest of /api stays HTTP Basic
        assertThat(http.send(request("/api/services", BEARER).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(request("/api/services", operatorBasic).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void unreachableDatabaseIs503SoTheSenderRetriesAndNothingIsHalfStored() throws Exception {
        byte[] capture = AlertFixtures.alertmanagerCaptures().get(0);
        long before = count();

        Answer duringOutage;
        outage.begin();
        try {
            duringOutage = post("/api/alerts/alertmanager", capture, BEARER);
        } finally {
            outage.end();
        }

        assertThat(duringOutage.status()).isEqualTo(503);
        assertThat(duringOutage.body().get("error").asText()).isEqualTo("unavailable");
        assertThat(count()).isEqualTo(before);
        assertThat(post("/api/alerts/alertmanager", capture, BEARER).status()).isEqualTo(202);
        assertThat(count()).isEqualTo(before + 2);
    }

    @Test
    void aStuckAlertIsListedAndOnceACommanderSkipsItTheNextAlertOfItsServiceIsHandled() throws Exception {
        handler.failFor("slow-poison");
        long poison = postJson("/api/alerts", slowAlert("slow-poison")).body().get("ids").get(0).asLong();
        long later = postJson("/api/alerts", slowAlert("slow-later")).body().get("ids").get(0).asLong();

        JsonNode failing = await().atMost(PROCESSED).until(() -> failingEntry(poison, OPERATOR),
                entry -> entry != null && entry.get("waitingBehind").asLong() == 1);
        assertThat(failing.get("service").asText()).isEqualTo("slow");
        assertThat(failing.get("source").asText()).isEqualTo("api");
        assertThat(failing.get("fingerprint").asText()).isEqualTo("slow-poison");
        assertThat(failing.get("attempts").asInt()).isPositive();
        assertThat(failing.get("lastError").asText()).contains("handler refuses slow-poison");
        assertThat(failing.hasNonNull("receivedAt")).isTrue();
        assertThat(failing.hasNonNull("lastAttemptAt")).isTrue();
        assertThat(failingEntry(poison, COMMANDER)).isNotNull();
        assertThat(failingEntry(poison, AUDITOR)).isNotNull();
        assertThat(handler.ids()).doesNotContain(later);
        // failing longer than lifeboat.intake.failing-health-after (1 s here): health, open to anyone, names the service
        Answer health = await().atMost(PROCESSED).until(() -> get("/actuator/health", null),
                answer -> "DOWN".equals(answer.body().path("components").path("intake").path("status").asText()));
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(health.body().path("components").path("intake").has("details")).as("details only in the intake group").isFalse();
        Answer intakeHealth = get("/actuator/health/intake", null);
        assertThat(intakeHealth.status()).isEqualTo(503);
        JsonNode details = intakeHealth.body().path("components").path("intake").path("details");
        assertThat(details.path("failingLongerThan").asText()).isEqualTo("PT1S");
        assertThat(details.path("services").path("slow").path("failingAlerts").asLong()).isEqualTo(1);
        assertThat(details.path("services").path("slow").path("unprocessedAlerts").asLong()).isEqualTo(2);
        assertThat(details.path("services").size()).isEqualTo(1);

        Answer byAuditor = post(skipPath(poison), reason("auditors only look"), AUDITOR);
        Answer withoutReason = post(skipPath(poison), bytes("{}"), COMMANDER);
        Answer withoutBody = post(skipPath(poison), new byte[0], COMMANDER);
        Answer otherState = get(AlertInboxController.PATH + "?state=stuck", OPERATOR);
        assertThat(byAuditor.status()).isEqualTo(403);
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.body().get("detail").asText()).contains("reason is required");
        assertThat(withoutBody.status()).isEqualTo(400);
        assertThat(withoutBody.body().get("detail").asText()).contains("reason is required");
        assertThat(otherState.status()).isEqualTo(400);
        assertThat(otherState.body().get("detail").asText()).isEqualTo("state must be \"failing\", not \"stuck\"");

        Answer skipped = post(skipPath(poison), reason("payload crashes the correlator; INC-12 opened by hand"), COMMANDER);

        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.body().get("skippedBy").asText()).isEqualTo("commander");
        assertThat(awaitHandled(List.of(later))).containsExactly(later);
        assertThat(handler.ids()).doesNotContain(poison);
        assertThat(failingEntry(poison, OPERATOR)).isNull();
        assertThat(get("/actuator/health/intake", null).body().path("status").asText()).isEqualTo("UP");
        Answer again = post(skipPath(poison), reason("twice"), OPERATOR);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asText()).contains("already skipped by commander");
        Answer unknown = post(skipPath(Long.MAX_VALUE), reason("typo"), COMMANDER);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asText()).startsWith("no alert " + Long.MAX_VALUE);
        Map<String, Object> audited = new HashMap<>();
        jdbc.queryForMap("select actor, service, reason from audit_event where action = 'alert.skipped' and subject = ?",
                "alert/" + poison).forEach((column, value) -> audited.put(column.toLowerCase(Locale.ROOT), value));
        assertThat(audited).containsEntry("actor", "commander").containsEntry("service", "slow")
                .containsEntry("reason", "payload crashes the correlator; INC-12 opened by hand");
    }

    @Test
    void theGenericFormIsDocumentedInTheOpenApi() throws Exception {
        JsonNode docs = json.readTree(http.send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());

        JsonNode generic = docs.path("paths").path("/api/alerts").path("post");
        assertThat(generic.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/GenericAlert");
        assertThat(docs.path("components").path("schemas").path("GenericAlert").path("required"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("alertname", "severity", "status", "summary", "labels");
        assertThat(docs.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(generic.path("security").get(0).has("bearer")).isTrue();
        assertThat(docs.path("paths").has("/api/alerts/alertmanager")).isTrue();
        assertThat(docs.path("paths").has("/api/alerts/pagerduty")).isTrue();
        // the inbox's operations are for users (HTTP Basic), not for the senders' bearer token
        JsonNode skip = docs.path("paths").path("/api/alerts/inbox/{id}/skip").path("post");
        assertThat(skip.path("summary").asText()).startsWith("Skip an unprocessed alert");
        assertThat(skip.path("security").get(0).has("basic")).isTrue();
        assertThat(skip.path("security").get(0).has("bearer")).isFalse();
        assertThat(docs.path("paths").path("/api/alerts/inbox").has("get")).isTrue();
    }

    private void assertRefused(Answer answer, String detail) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asText()).isEqualTo("invalid alert");
        assertThat(answer.body().get("detail").asText()).contains(detail);
    }

    private List<Long> awaitHandled(List<Long> ids) {
        return await().atMost(PROCESSED).until(
                () -> handler.ids().stream().filter(ids::contains).toList(), handled -> handled.size() == ids.size());
    }

    private Map<String, Object> slowAlert(String fingerprint) {
        return Map.of("service", "slow", "alertname", "BackupFailed", "severity", "critical", "status", "firing",
                "summary", "nightly backup failed", "labels", Map.of(), "fingerprint", fingerprint);
    }

    private static String skipPath(long id) {
        return AlertInboxController.PATH + "/" + id + "/skip";
    }

    private byte[] reason(String reason) throws IOException {
        return json.writeValueAsBytes(Map.of("reason", reason));
    }

    /** The alert's entry in the failing list as {@code user} sees it, or null when it is not listed. */
    private JsonNode failingEntry(long id, String user) throws Exception {
        Answer list = get(AlertInboxController.PATH + "?state=failing", user);
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode entry : list.body()) {
            if (entry.get("id").asLong() == id) {
                return entry;
            }
        }
        return null;
    }

    private Answer get(String path, String authorization) throws Exception {
        return answer(http.send(request(path, authorization).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static String basic(String demoUser) {
        return BasicAuth.demo(demoUser);
    }

    private Answer pagerDuty(byte[] body, String signature, String webhookId) throws Exception {
        HttpRequest.Builder request = request("/api/alerts/pagerduty", BEARER)
                .header(PagerDutySignature.HEADER, signature).header(AlertIntakeController.WEBHOOK_ID, webhookId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Answer postJson(String path, Object body) throws Exception {
        return post(path, json.writeValueAsBytes(body), BEARER);
    }

    private Answer post(String path, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = request(path, authorization).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private Answer answer(HttpResponse<String> response) throws IOException {
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : json.readTree(response.body()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The JSON text with {@code word} replaced by raw bytes, which need not be UTF-8. */
    private static byte[] withBytes(String text, String word, byte[] replacement) {
        int at = text.indexOf(word);
        byte[] before = bytes(text.substring(0, at));
        byte[] after = bytes(text.substring(at + word.length()));
        byte[] result = new byte[before.length + replacement.length + after.length];
        System.arraycopy(before, 0, result, 0, before.length);
        System.arraycopy(replacement, 0, result, before.length, replacement.length);
        System.arraycopy(after, 0, result, before.length + replacement.length, after.length);
        return result;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from alert_inbox", Long.class);
    }

    private List<Map<String, Object>> rows(List<Long> ids) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id : ids) {
            Map<String, Object> row = new HashMap<>();
            jdbc.queryForMap("select source, service, fingerprint, status, processed_at from alert_inbox where id = ?", id)
                    .forEach((column, value) -> row.put(column.toLowerCase(Locale.ROOT), value));
            rows.add(row);
        }
        return rows;
    }
}
