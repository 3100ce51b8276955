package io.lifeboat.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.LifeboatJvm;
import io.lifeboat.connector.pagerduty.PagerDutyConnector;
import io.lifeboat.connector.pagerduty.StubPagerDuty;
import io.lifeboat.connector.servicenow.CorrelationId;
import io.lifeboat.connector.servicenow.IncidentOpenDelivery;
import io.lifeboat.connector.servicenow.ServiceNow;
import io.lifeboat.intake.AlertFixtures;
import io.lifeboat.servicenow.StubServiceNow;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issue's "a JVM killed between the remote call and the commit leaves exactly one remote record", with real
 * processes: Lifeboat runs in a JVM of its own on an H2 file database in a data directory its successors share, its
 * ServiceNow and PagerDuty connectors pointed at stubs in this JVM (secrets by {@code ${file:...}} reference). A
 * critical alert on a tier-2 service opens an incident whose classification queues a ServiceNow {@code incident.open}
 * and a PagerDuty {@code event.trigger}. The stubs store each record as its request arrives and hold the answer; the
 * JVM is SIGKILLed while the answer is held, so the record exists remotely and the outbox never heard of it.
 *
 * <p>The dispatcher sends one message at a time, so one JVM cannot be caught inside both calls: JVM #1 dies inside
 * the ServiceNow call, JVM #2 redelivers it (finds the ticket by its correlation id) and dies inside the PagerDuty
 * call, JVM #3 redelivers that (PagerDuty folds the trigger into the incident of its dedup key). The claim is short
 * ({@value #CLAIM}) so each successor takes the dead one's message over at once.
 */
class OutboxCrashTest {

    private static final String CLAIM = "PT3S";
    private static final Duration START = Duration.ofSeconds(120);
    /**
     * Longer than either client's read timeout (ServiceNow 30 s, PagerDuty 10 s): the call can only end by the kill.
     * Had it timed out first, its "retry" attempt would be on record and the assertions below would say so.
     */
    private static final int HELD_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final StubServiceNow SERVICE_NOW = new StubServiceNow();
    private static final StubPagerDuty PAGER_DUTY = new StubPagerDuty();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void stopStubs() {
        SERVICE_NOW.close();
        PAGER_DUTY.close();
    }

    @Test
    void aJvmKilledBetweenTheRemoteCallAndTheCommitLeavesExactlyOneTicketAndOnePage() throws Exception {
        List<String> args = arguments();

        // JVM #1: the alert is taken in, classified, and both messages queued; killed inside the ServiceNow call
        SERVICE_NOW.failNext(StubServiceNow.Fault.slow("POST", "incident", HELD_MILLIS));
        try (LifeboatJvm first = LifeboatJvm.start("first", dataDir, args)) {
            postCriticalAlert(first.awaitPort(START));
            await("ServiceNow holding the answer to the incident it just created").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        assertThat(first.isAlive()).as(first.describe()).isTrue();
                        return !SERVICE_NOW.rows("incident").isEmpty();
                    });
            first.kill();
            assertThat(first.log()).as("killed, not stopped").doesNotContain("Shutdown initiated");
        }
        Map<String, Object> ticketMessage = message(ServiceNow.NAME, IncidentOpenDelivery.OPERATION);
        Map<String, Object> pageMessage = message(PagerDutyConnector.NAME, PagerDutyConnector.EVENT_TRIGGER);
        String ticketKey = payload(ticketMessage).path("incident").asText();
        assertThat(payload(pageMessage).path("dedupKey").asText()).as("one key for the ticket and the page").isEqualTo(ticketKey);
        assertThat(SERVICE_NOW.rows("incident")).singleElement()
                .satisfies(row -> assertThat(row.path("correlation_id").asText()).isEqualTo(CorrelationId.of(ticketKey)));
        // the kill fell between the call and the commit: the claim was committed, the outcome never was
        assertThat(ticketMessage).containsEntry("STATE", "PENDING").containsEntry("ATTEMPTS", 0)
                .containsEntry("DELIVERED_AT", null).containsEntry("REMOTE_REF", null);
        assertThat(ticketMessage.get("CLAIMED_BY")).as("the dead JVM's claim").isNotNull();
        assertThat(attempts(ticketMessage)).as("an attempt is written with its outcome, which never came").isEmpty();
        assertThat(pageMessage).containsEntry("STATE", "PENDING").containsEntry("CLAIMED_BY", null);

        // JVM #2: takes the ServiceNow message over and finds the ticket; killed inside the PagerDuty call
        PAGER_DUTY.failNext(StubPagerDuty.Fault.slow(StubPagerDuty.Target.EVENTS, "POST", HELD_MILLIS));
        try (LifeboatJvm second = LifeboatJvm.start("second", dataDir, args)) {
            second.awaitPort(START);
            await("PagerDuty holding the answer to the incident it just opened").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        assertThat(second.isAlive()).as(second.describe()).isTrue();
                        return !PAGER_DUTY.incidents(ticketKey).isEmpty();
                    });
            second.kill();
        }
        ticketMessage = message(ServiceNow.NAME, IncidentOpenDelivery.OPERATION);
        pageMessage = message(PagerDutyConnector.NAME, PagerDutyConnector.EVENT_TRIGGER);
        String number = SERVICE_NOW.rows("incident").get(0).path("number").asText();
        assertThat(ticketMessage).containsEntry("STATE", "DELIVERED").containsEntry("ATTEMPTS", 1)
                .containsEntry("REMOTE_REF", number);
        assertThat(attempts(ticketMessage)).as("the redelivery; the killed attempt left no row")
                .containsExactly("1/1 delivered null");
        assertThat(pageMessage).containsEntry("STATE", "PENDING").containsEntry("ATTEMPTS", 0);
        assertThat(pageMessage.get("CLAIMED_BY")).as("the second dead JVM's claim").isNotNull();
        assertThat(attempts(pageMessage)).isEmpty();

        // JVM #3: takes the PagerDuty message over; PagerDuty deduplicates the second trigger onto the first's incident
        try (LifeboatJvm third = LifeboatJvm.start("third", dataDir, args)) {
            third.awaitPort(START);
            await("the page redelivered").atMost(Duration.ofSeconds(60)).until(() -> {
                assertThat(third.isAlive()).as(third.describe()).isTrue();
                return message(PagerDutyConnector.NAME, PagerDutyConnector.EVENT_TRIGGER).get("STATE").equals("DELIVERED");
            });
            pageMessage = message(PagerDutyConnector.NAME, PagerDutyConnector.EVENT_TRIGGER);
        }
        assertThat(pageMessage).containsEntry("ATTEMPTS", 1).containsEntry("REMOTE_REF", ticketKey);
        assertThat(attempts(pageMessage)).containsExactly("1/1 delivered null");

        assertThat(SERVICE_NOW.rows("incident")).as("ServiceNow incidents").singleElement()
                .satisfies(row -> assertThat(row.path("correlation_id").asText()).isEqualTo(CorrelationId.of(ticketKey)));
        SERVICE_NOW.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/api/now/v2/table/incident")));
        assertThat(SERVICE_NOW.wireMock().findAll(getRequestedFor(urlPathEqualTo("/api/now/v2/table/incident"))))
                .as("the key looked up before each of the two deliveries").hasSizeGreaterThanOrEqualTo(2);
        assertThat(PAGER_DUTY.incidents()).as("PagerDuty incidents").singleElement().satisfies(incident -> {
            assertThat(incident.dedupKey()).isEqualTo(ticketKey);
            assertThat(incident.status()).isEqualTo("triggered");
            assertThat(incident.alerts()).as("triggers folded into the incident: both deliveries arrived").isEqualTo(2);
        });
    }

    private List<String> arguments() throws IOException {
        Path password = Files.writeString(dataDir.resolve("servicenow.password"), StubServiceNow.PASSWORD);
        Path routingKey = Files.writeString(dataDir.resolve("pagerduty.routing-key"), StubPagerDuty.ROUTING_KEY);
        return List.of("--spring.main.banner-mode=off",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--lifeboat.data-dir=" + dataDir,
                "--lifeboat.runbooks-dir=" + Path.of("src/test/runbooks").toAbsolutePath(),
                "--lifeboat.storage.targets.local.path=" + dataDir.resolve("backups"),
                "--lifeboat.scheduler.enabled=false",
                // the emergency backup the classification asks for stays queued: no more milestones, no more messages
                "--lifeboat.worker.enabled=false",
                "--lifeboat.intake.processor.tick=PT0.2S",
                "--lifeboat.intake.processor.initial-delay=PT0S",
                "--lifeboat.connectors.outbox.poll-interval=PT0.2S",
                "--lifeboat.connectors.outbox.claim-for=" + CLAIM,
                "--lifeboat.connectors.servicenow.url=" + SERVICE_NOW.url(),
                "--lifeboat.connectors.servicenow.user=" + StubServiceNow.USER,
                "--lifeboat.connectors.servicenow.password-ref=\\${file:" + password + "}",
                "--lifeboat.connectors.pagerduty.routing-key-ref=\\${file:" + routingKey + "}",
                "--lifeboat.connectors.pagerduty.events-url=" + PAGER_DUTY.url(),
                "--lifeboat.connectors.pagerduty.api-url=" + PAGER_DUTY.url());
    }

    /** Critical on the tier-2 service notes: the classification opens a ticket and pages the commander. */
    private void postCriticalAlert(int port) throws Exception {
        String alert = """
                {"service": "notes", "alertname": "NotesDown", "severity": "critical", "status": "firing",
                 "summary": "notes answers 503", "labels": {"instance": "notes-1"}}""";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + AlertFixtures.DEMO_TOKEN)
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(alert)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    /** The one message of the operation, column names upper case; read through the running JVM's H2 server, if any. */
    private Map<String, Object> message(String connector, String operation) throws SQLException {
        List<Map<String, Object>> rows = jdbc(jdbc -> jdbc.queryForList(
                "select * from connector_outbox where connector = ? and operation = ?", connector, operation));
        assertThat(rows).as("%s %s messages", connector, operation).hasSize(1);
        Map<String, Object> row = new HashMap<>();
        rows.get(0).forEach((column, value) -> row.put(column.toUpperCase(), value));
        return row;
    }

    /** round/attempt outcome status, in order. */
    private List<String> attempts(Map<String, Object> message) throws SQLException {
        return jdbc(jdbc -> jdbc.query("select round, attempt, outcome, status from connector_attempt where message_id = ? order by id",
                (rs, n) -> rs.getInt("round") + "/" + rs.getInt("attempt") + " " + rs.getString("outcome") + " "
                        + rs.getObject("status"), message.get("ID")));
    }

    private static JsonNode payload(Map<String, Object> message) throws IOException {
        return JSON.readTree((String) message.get("PAYLOAD"));
    }

    /**
     * A connection per query, closed at once: with a JVM running it goes through that JVM's H2 server; without one
     * the database opens here and closes again, so the next JVM finds it free.
     */
    private <T> T jdbc(Function<JdbcTemplate, T> query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("lifeboat") + ";AUTO_SERVER=TRUE",
                "sa", "")) {
            return query.apply(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        }
    }
}
