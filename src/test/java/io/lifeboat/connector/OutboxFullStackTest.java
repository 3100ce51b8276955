package io.lifeboat.connector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.lifeboat.FullStackTest;
import io.lifeboat.TaskApi;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.audit.AuditEvent;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.connector.http.HttpCall;
import io.lifeboat.connector.http.HttpConnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox as runbooks and operators meet it, against a WireMock peer on 127.0.0.1: messages queued in a step's
 * transaction, delivered by the dispatcher (its passes run by the tests, so each pass is seen), retried as the peer
 * allows, held back by an open circuit, and raised to operators once dead. Subclasses choose the database.
 */
@FullStackTest
@AutoConfigureObservability
abstract class OutboxFullStackTest {

    /** Started before the Spring context. */
    static final WireMockServer peer = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

    static {
        peer.start();
    }

    private static final AtomicInteger KEYS = new AtomicInteger();

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    ConnectorCircuits circuits;
    @Autowired
    HttpConnector http;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    RuntimeService runtime;
    @Autowired
    RepositoryService repository;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    /** Call from the subclass's {@code @DynamicPropertySource}. */
    static void register(DynamicPropertyRegistry registry, String name) {
        TestDataDirectory.register(registry, name);
        registry.add("lifeboat.connectors.outbox.enabled", () -> "false");
        registry.add("lifeboat.connectors.outbox.attempts", () -> "3");
        registry.add("lifeboat.connectors.outbox.initial-backoff", () -> "PT0.05S");
        registry.add("lifeboat.connectors.outbox.max-backoff", () -> "PT0.1S");
        registry.add("lifeboat.connectors.outbox.circuit.window", () -> "4");
        registry.add("lifeboat.connectors.outbox.circuit.minimum-calls", () -> "4");
        registry.add("lifeboat.connectors.outbox.circuit.open-for", () -> "PT1S");
    }

    @BeforeEach
    void freshPeerAndCircuit() {
        peer.resetAll();
        circuits.of(HttpConnector.NAME).reset();
    }

    @Test
    void aStepsRequestIsDeliveredOnceWithItsRenderedBodyAndItsSecretReadOnlyWhenSent() throws Exception {
        Path token = Files.createTempFile("dns-token", ".txt");
        Files.writeString(token, "Bearer dns-secret-1\n");
        peer.stubFor(put(urlEqualTo("/dns/records/ticket-db")).willReturn(aResponse().withStatus(204)));
        repository.createDeployment().addClasspathResource("connector/http-call-step.bpmn").deploy();

        String businessKey = "failover-" + KEYS.incrementAndGet();
        runtime.startProcessInstanceByKey("http-call-step", businessKey, Variables.createVariables()
                .putValue("dnsUrl", peerUrl() + "/dns/records/ticket-db").putValue("tokenFile", token.toString())
                .putValue("record", "ticket-db.example.org").putValue("target", "dr-site \"b\""));
        long id = messageId(HttpConnector.NAME, HttpCall.OPERATION, businessKey + ":SwitchDns");

        assertThat(jdbc.queryForObject("select payload from connector_outbox where id = ?", String.class, id))
                .contains("${file:" + token + "}").doesNotContain("dns-secret-1");
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(row(id)).containsEntry("STATE", "DELIVERED").containsEntry("ATTEMPTS", 1)
                .containsEntry("REMOTE_REF", "HTTP 204");
        peer.verify(1, putRequestedFor(urlEqualTo("/dns/records/ticket-db"))
                .withHeader("Authorization", equalTo("Bearer dns-secret-1"))
                .withHeader("X-Runbook", equalTo("lifeboat"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"record\": \"ticket-db.example.org\", \"target\": \"dr-site \\\"b\\\"\"}")));
    }

    @Test
    void theSameKeyQueuedTwiceIsOneRowAndOneRequest() {
        peer.stubFor(post(urlEqualTo("/hook/twice")).willReturn(aResponse().withStatus(200)));
        String key = key();

        Enqueued first = enqueue(key, "/hook/twice");
        Enqueued again = enqueue(key, "/hook/twice");
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(first).isEqualTo(new Enqueued.Queued(((Enqueued.Queued) first).messageId(), false));
        assertThat(again).isEqualTo(new Enqueued.Queued(((Enqueued.Queued) first).messageId(), true));
        assertThat(jdbc.queryForObject("select count(*) from connector_outbox where idempotency_key = ?", Integer.class, key))
                .isEqualTo(1);
        peer.verify(1, postRequestedFor(urlEqualTo("/hook/twice")));
    }

    @Test
    void aConnectorWithoutSettingsQueuesNothingAndSaysSo() {
        Connector unconfigured = new Connector() {
            public String name() {
                return "servicenow";
            }

            public String label() {
                return "ServiceNow";
            }

            public boolean configured() {
                return false;
            }
        };
        String key = key();

        Enqueued result = transaction.execute(status -> outbox.enqueue(unconfigured, "incident.open", key,
                json.createObjectNode(), "INC-1"));

        assertThat(result).isInstanceOfSatisfying(Enqueued.NotConfigured.class,
                notConfigured -> assertThat(notConfigured.note()).isEqualTo("ServiceNow not configured"));
        assertThat(jdbc.queryForObject("select count(*) from connector_outbox where idempotency_key = ?", Integer.class, key))
                .isZero();
    }

    @Test
    void aKeyThatServiceNowCouldNotHoldIsRefusedBeforeAnythingIsQueued() {
        assertThatThrownBy(() -> enqueue("k".repeat(101), "/hook/long"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key has 101 characters; at most 100");
        assertThatThrownBy(() -> enqueue("  ", "/hook/blank"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key is required");
    }

    @Test
    void a400IsDeadAtOnceWithThePeersMessageAndBecomesATaskForOperators() {
        peer.stubFor(post(urlEqualTo("/hook/refused")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"field 'channel' is unknown\"}")));
        String key = key();
        long id = queued(enqueue(key, "/hook/refused"));

        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(row(id)).containsEntry("STATE", "DEAD").containsEntry("ATTEMPTS", 1).containsEntry("LAST_STATUS", 400);
        assertThat((String) row(id).get("LAST_ERROR")).contains("HTTP 400", "field 'channel' is unknown");
        assertThat(attempts(id)).containsExactly("1/1 dead 400");
        peer.verify(1, postRequestedFor(urlEqualTo("/hook/refused")));

        Map<String, Object> task = new TaskApi(rest).task("operator", key);
        assertThat(task).as("a connector-delivery task for operators").isNotNull();
        assertThat(new TaskApi(rest).variable("operator", task, "lastError").toString()).contains("field 'channel' is unknown");
        assertThat(events(id)).extracting(AuditEvent::action).containsExactly("connector.message-dead");
    }

    @Test
    void anOperationNoDeliveryKnowsIsDeadAtOnceWithoutAnyRequest() {
        String key = key();
        long id = queued(transaction.execute(status -> outbox.enqueue(http, "dns.flush", key, json.createObjectNode(), key)));

        dispatcher.dispatchDue();

        assertThat(row(id)).containsEntry("STATE", "DEAD").containsEntry("LAST_ERROR",
                "no delivery for operation 'dns.flush' of connector 'http'");
        assertThat(attempts(id)).containsExactly("1/1 dead null");
        assertThat(peer.getAllServeEvents()).isEmpty();
    }

    @Test
    void twoDispatchersAtOnceSendEachMessageOnce() throws Exception {
        peer.stubFor(post(urlEqualTo("/hook/busy-node")).willReturn(aResponse().withStatus(200).withFixedDelay(200)));
        List<Long> ids = List.of(1, 2, 3, 4, 5).stream().map(n -> queued(enqueue(key(), "/hook/busy-node"))).toList();

        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> passes = nodes.invokeAll(List.of(dispatcher::dispatchDue, dispatcher::dispatchDue));
            assertThat(passes.get(0).get() + passes.get(1).get()).isEqualTo(ids.size());
        } finally {
            nodes.shutdown();
        }

        assertThat(ids).allSatisfy(id -> assertThat(row(id)).containsEntry("STATE", "DELIVERED").containsEntry("ATTEMPTS", 1));
        peer.verify(ids.size(), postRequestedFor(urlEqualTo("/hook/busy-node")));
    }

    @Test
    void a429IsTriedAgainNotBeforeItsRetryAfter() {
        peer.stubFor(post(urlEqualTo("/hook/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withBody("slow down")));
        long id = queued(enqueue(key(), "/hook/busy"));

        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        Map<String, Object> row = row(id);
        assertThat(row).containsEntry("STATE", "PENDING").containsEntry("ATTEMPTS", 1).containsEntry("LAST_STATUS", 429);
        Instant attempted = instant(row.get("LAST_ATTEMPT_AT"));
        assertThat(instant(row.get("NEXT_ATTEMPT_AT"))).isAfterOrEqualTo(attempted.plus(Duration.ofHours(1)));
        peer.verify(1, postRequestedFor(urlEqualTo("/hook/busy")));
    }

    @Test
    void a500ThenA200IsDeliveredOnTheSecondAttemptWithBothOnRecord() {
        peer.stubFor(post(urlEqualTo("/hook/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("database locked")).willSetStateTo("up"));
        peer.stubFor(post(urlEqualTo("/hook/flaky")).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        long id = queued(enqueue(key(), "/hook/flaky"));

        dispatchUntil(id, "DELIVERED");

        assertThat(row(id)).containsEntry("ATTEMPTS", 2);
        assertThat(attempts(id)).containsExactly("1/1 retry 500", "1/2 delivered null");
        peer.verify(2, postRequestedFor(urlEqualTo("/hook/flaky")));
    }

    @Test
    void aRequestThatTimesOutIsTriedAgain() {
        peer.stubFor(post(urlEqualTo("/hook/slow")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(5_000)).willSetStateTo("fast"));
        peer.stubFor(post(urlEqualTo("/hook/slow")).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200)));
        long id = queued(enqueue(key(), "/hook/slow", "PT1S"));

        dispatchUntil(id, "DELIVERED");

        assertThat(attempts(id)).containsExactly("1/1 retry 0", "1/2 delivered null");
    }

    @Test
    void anOpenCircuitHoldsMessagesBackWithoutSpendingTheirAttemptsThenLetsThemThrough() {
        peer.stubFor(post(urlEqualTo("/hook/down")).willReturn(aResponse().withStatus(503)));
        List<Long> ids = List.of(1, 2, 3, 4, 5, 6).stream().map(n -> queued(enqueue(key(), "/hook/down"))).toList();

        dispatcher.dispatchDue();

        // four failures of four calls: the circuit opened, and the last two messages were not sent
        assertThat(circuits.of(HttpConnector.NAME).getState().name()).isEqualTo("OPEN");
        peer.verify(4, postRequestedFor(urlEqualTo("/hook/down")));
        assertThat(ids.subList(4, 6)).allSatisfy(id -> assertThat(row(id)).containsEntry("ATTEMPTS", 0)
                .containsEntry("STATE", "PENDING"));
        assertThat(metric("circuit-open")).isPositive();

        peer.stubFor(post(urlEqualTo("/hook/down")).willReturn(aResponse().withStatus(200)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            dispatcher.dispatchDue();
            assertThat(ids).allSatisfy(id -> assertThat(row(id)).containsEntry("STATE", "DELIVERED"));
        });
        assertThat(ids.subList(0, 4)).allSatisfy(id -> assertThat(row(id)).containsEntry("ATTEMPTS", 2));
        assertThat(ids.subList(4, 6)).allSatisfy(id -> assertThat(row(id)).containsEntry("ATTEMPTS", 1));
        assertThat(circuits.of(HttpConnector.NAME).getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void aMessageOutOfAttemptsGoesToOperatorsOnlyAndTheirRetryDeliversIt() {
        peer.stubFor(post(urlEqualTo("/hook/exhausted")).willReturn(aResponse().withStatus(502).withBody("bad gateway")));
        String key = key();
        long id = queued(enqueue(key, "/hook/exhausted"));
        dispatchUntil(id, "DEAD");
        assertThat(attempts(id)).containsExactly("1/1 retry 502", "1/2 retry 502", "1/3 dead 502");

        TaskApi tasks = new TaskApi(rest);
        Map<String, Object> task = tasks.task("operator", key);
        assertThat(tasks.deployedForm("operator", task)).contains("\"key\": \"decision\"");
        assertThat(tasks.variable("operator", task, "request").toString()).contains("/hook/exhausted");
        // a commander is no candidate; camunda-admin may touch any task, but CandidatesOnly refuses the completion
        assertThat(rest.withBasicAuth("commander", "commander").postForEntity("/engine-rest/task/" + task.get("id")
                + "/complete", Map.of("variables", Map.of("decision", Map.of("value", "retry"))), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(tasks.completeRefused("admin", task, Map.of("decision", "retry")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(row(id)).containsEntry("STATE", "DEAD");

        peer.stubFor(post(urlEqualTo("/hook/exhausted")).willReturn(aResponse().withStatus(201)));
        tasks.complete("operator", task, Map.of("decision", "retry"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(row(id)).containsEntry("STATE", "PENDING"));
        assertThat(row(id)).containsEntry("ATTEMPTS", 0).containsEntry("ROUND", 2);
        dispatchUntil(id, "DELIVERED");

        assertThat(attempts(id)).containsExactly("1/1 retry 502", "1/2 retry 502", "1/3 dead 502", "2/1 delivered null");
        assertThat(events(id)).extracting(event -> event.action() + " by " + event.actor())
                .containsExactly("connector.message-dead by system:outbox", "connector.message-retried by operator");
    }

    @Test
    void anOperatorDiscardsADeadMessageGivingAReason() {
        peer.stubFor(post(urlEqualTo("/hook/gone")).willReturn(aResponse().withStatus(404).withBody("no such hook")));
        String key = key();
        long id = queued(enqueue(key, "/hook/gone"));
        dispatcher.dispatchDue();
        TaskApi tasks = new TaskApi(rest);
        Map<String, Object> task = tasks.task("operator", key);

        assertThat(tasks.completeRefused("operator", task, Map.of("decision", "discard")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        tasks.complete("operator", task, Map.of("decision", "discard", "discardReason", "the chat room was archived"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(row(id)).containsEntry("STATE", "DISCARDED"));
        assertThat(events(id)).extracting(event -> event.action() + " by " + event.actor() + ": " + event.reason())
                .containsExactly("connector.message-dead by system:outbox: " + row(id).get("LAST_ERROR"),
                        "connector.message-discarded by operator: the chat room was archived");
        peer.verify(1, postRequestedFor(urlEqualTo("/hook/gone")));
    }

    @Test
    void theConnectorsShowTheirBacklogOldestMessageLastErrorAndMetrics() {
        peer.stubFor(post(urlEqualTo("/hook/later")).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")
                .withBody("maintenance until noon")));
        long id = queued(enqueue(key(), "/hook/later"));
        dispatcher.dispatchDue();

        List<Map<String, Object>> connectors = rest.withBasicAuth("auditor", "auditor").exchange("/api/connectors",
                HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();

        @SuppressWarnings("unchecked")
        Map<String, Object> shown = connectors.stream().filter(c -> c.get("name").equals(HttpConnector.NAME)).findFirst().orElseThrow();
        assertThat(shown).containsEntry("label", "HTTP").containsEntry("configured", true).containsEntry("circuit", "CLOSED");
        assertThat(((Number) shown.get("backlog")).longValue()).isEqualTo(count("PENDING")).isPositive();
        assertThat(((Number) shown.get("dead")).longValue()).isEqualTo(count("DEAD"));
        @SuppressWarnings("unchecked")
        Map<String, Object> oldest = (Map<String, Object>) shown.get("oldest");
        assertThat(Instant.parse(oldest.get("createdAt").toString())).isBeforeOrEqualTo(instant(row(id).get("CREATED_AT")));
        assertThat(Duration.parse(oldest.get("age").toString()).isNegative()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> lastError = (Map<String, Object>) shown.get("lastError");
        assertThat(lastError).containsEntry("messageId", (int) id).containsEntry("status", 503);
        assertThat(lastError.get("error").toString()).contains("maintenance until noon");

        String metrics = rest.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).containsPattern("lifeboat_connector_requests_total\\{connector=\"http\",outcome=\"retry\"} [1-9]")
                .containsPattern("lifeboat_outbox_pending\\{connector=\"http\"} [1-9]");
    }

    private Enqueued enqueue(String key, String path) {
        return enqueue(key, path, null);
    }

    /** @param timeout the request's own, null: the setting's (30 s, so a slow first request in a busy JVM passes) */
    private Enqueued enqueue(String key, String path, String timeout) {
        ObjectNode payload = json.createObjectNode().put("url", peerUrl() + path).put("method", "POST")
                .put("bodyTemplate", "{\"text\": \"{{text}}\"}").put("timeout", timeout);
        payload.putObject("variables").put("text", "ticket-db restored");
        // a subject per message: messages of one subject wait for each other
        return transaction.execute(status -> outbox.enqueue(http, HttpCall.OPERATION, key, payload, key));
    }

    /** By address: the peer listens on 127.0.0.1 only, and resolving a name is no part of these tests. */
    private static String peerUrl() {
        return "http://127.0.0.1:" + peer.port();
    }

    private static long queued(Enqueued enqueued) {
        return ((Enqueued.Queued) enqueued).messageId();
    }

    private static String key() {
        return "outbox-test-" + KEYS.incrementAndGet();
    }

    private void dispatchUntil(long id, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            dispatcher.dispatchDue();
            assertThat(row(id)).containsEntry("STATE", state);
        });
    }

    private long messageId(String connector, String operation, String key) {
        return jdbc.queryForObject("select id from connector_outbox where connector = ? and operation = ? and idempotency_key = ?",
                Long.class, connector, operation, key);
    }

    private Map<String, Object> row(long id) {
        return jdbc.queryForMap("select * from connector_outbox where id = ?", id).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().toUpperCase(),
                        entry -> entry.getValue() == null ? "null" : entry.getValue()));
    }

    /** round/attempt outcome status, in order. */
    private List<String> attempts(long id) {
        return jdbc.query("select round, attempt, outcome, status from connector_attempt where message_id = ? order by id",
                (rs, n) -> rs.getInt("round") + "/" + rs.getInt("attempt") + " " + rs.getString("outcome") + " "
                        + rs.getObject("status"), id);
    }

    private long count(String state) {
        return jdbc.queryForObject("select count(*) from connector_outbox where connector = 'http' and state = ?", Long.class, state);
    }

    private List<AuditEvent> events(long id) {
        return audit.events(DeadMessages.subject(id), null);
    }

    private double metric(String outcome) {
        String metrics = rest.withBasicAuth("operator", "operator").getForObject("/actuator/prometheus", String.class);
        return metrics.lines().filter(line -> line.startsWith("lifeboat_connector_requests_total{connector=\"http\",outcome=\"" + outcome + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return Instant.parse(value.toString());
    }
}
