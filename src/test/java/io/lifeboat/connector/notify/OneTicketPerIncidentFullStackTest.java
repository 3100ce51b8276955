package io.lifeboat.connector.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.FullStackTest;
import io.lifeboat.TaskApi;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.connector.OutboxDispatcher;
import io.lifeboat.connector.pagerduty.PagerDutyConnector;
import io.lifeboat.connector.pagerduty.StubPagerDuty;
import io.lifeboat.connector.servicenow.CorrelationId;
import io.lifeboat.connector.servicenow.IncidentOpenDelivery;
import io.lifeboat.connector.servicenow.ServiceNow;
import io.lifeboat.intake.AlertFixtures;
import io.lifeboat.intake.AlertInboxProcessor;
import io.lifeboat.servicenow.StubServiceNow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issue's "engine retries and a redelivered alert leave exactly one remote record", in one Lifeboat with its
 * ServiceNow and PagerDuty connectors pointed at stubs (secrets by {@code ${file:...}} reference): a critical alert
 * posted again, as Alertmanager resends a firing alert every repeat interval, and the classification step run again
 * by the engine each find the message the first queued, so one incident has one ticket and one page. The dispatcher's
 * passes are run by the tests; what a JVM killed mid-call leaves is {@code OutboxCrashTest}'s.
 */
@FullStackTest
@TestPropertySource(properties = {
        "lifeboat.connectors.outbox.enabled=false",
        // the emergency backup the classification asks for stays queued: no later milestone queues more
        "lifeboat.worker.enabled=false"})
class OneTicketPerIncidentFullStackTest {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Started before the Spring context, which is given their URLs. */
    private static final StubServiceNow SERVICE_NOW = new StubServiceNow();
    private static final StubPagerDuty PAGER_DUTY = new StubPagerDuty();

    @Autowired
    TestRestTemplate http;
    @Autowired
    AlertInboxProcessor processor;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "one-ticket-per-incident");
        Path password = secret("servicenow", StubServiceNow.PASSWORD);
        Path routingKey = secret("pagerduty", StubPagerDuty.ROUTING_KEY);
        registry.add("lifeboat.connectors.servicenow.url", () -> SERVICE_NOW.url().toString());
        registry.add("lifeboat.connectors.servicenow.user", () -> StubServiceNow.USER);
        registry.add("lifeboat.connectors.servicenow.password-ref", () -> "\\${file:" + password + "}");
        registry.add("lifeboat.connectors.pagerduty.routing-key-ref", () -> "\\${file:" + routingKey + "}");
        registry.add("lifeboat.connectors.pagerduty.events-url", () -> PAGER_DUTY.url().toString());
        registry.add("lifeboat.connectors.pagerduty.api-url", () -> PAGER_DUTY.url().toString());
    }

    @AfterAll
    static void stopStubs() {
        SERVICE_NOW.close();
        PAGER_DUTY.close();
    }

    @Test
    void theSameAlertPostedAgainIsOneIncidentWithOneTicketAndOnePage() throws IOException {
        String alert = criticalAlert("notes", "NotesDown");
        post(alert);
        post(alert);
        processAlerts();

        String incidentId = onlyIncident("notes");
        String ticketKey = ticketKey(incidentId);
        deliverEverything(incidentId);
        post(alert);
        processAlerts();
        deliverEverything(incidentId);

        assertThat(onlyIncident("notes")).isEqualTo(incidentId);
        assertThat(jdbc.queryForObject("select count(*) from alert_inbox where service = 'notes'", Integer.class))
                .as("the alert as posted three times").isEqualTo(3);
        assertOneTicketAndOnePage(incidentId, ticketKey);
    }

    @Test
    void theClassificationStepRunAgainByTheEngineQueuesNothingMore() throws IOException {
        post(criticalAlert("wiki", "WikiDown"));
        processAlerts();
        String incidentId = onlyIncident("wiki");
        String ticketKey = ticketKey(incidentId);
        deliverEverything(incidentId);

        // as an engine retry or an operator's "run it again" would: the committed step executed a second time
        String processInstanceId = (String) api().get("commander", "/api/incidents/" + incidentId).getBody()
                .get("processInstanceId");
        runtime.createProcessInstanceModification(processInstanceId).startBeforeActivity("RecordClassification").execute();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId("RecordClassification").count()).as("runs of the classification step").isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from incident_timeline where incident_id = ? and kind = 'classification'",
                Integer.class, incidentId)).as("classified milestones, each asking for a ticket and a page").isEqualTo(2);
        deliverEverything(incidentId);

        assertOneTicketAndOnePage(incidentId, ticketKey);
    }

    /**
     * One outbox message to open the ticket and one to page, each delivered once; one ServiceNow incident created for
     * the key and one PagerDuty incident, which one trigger opened.
     */
    private void assertOneTicketAndOnePage(String incidentId, String ticketKey) {
        assertThat(messages(ServiceNow.NAME, IncidentOpenDelivery.OPERATION, incidentId)).containsExactly("DELIVERED 1");
        assertThat(messages(PagerDutyConnector.NAME, PagerDutyConnector.EVENT_TRIGGER, incidentId)).containsExactly("DELIVERED 1");
        String correlationId = CorrelationId.of(ticketKey);
        assertThat(SERVICE_NOW.rows("incident")).as("ServiceNow incidents of %s", correlationId)
                .filteredOn(row -> row.path("correlation_id").asText().startsWith(correlationId)).singleElement()
                .satisfies(row -> assertThat(row.path("correlation_id").asText()).isEqualTo(correlationId));
        SERVICE_NOW.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/api/now/v2/table/incident"))
                .withRequestBody(matchingJsonPath("$.correlation_id", equalTo(correlationId))));
        assertThat(PAGER_DUTY.incidents(ticketKey)).as("PagerDuty incidents of %s", ticketKey).singleElement()
                .satisfies(incident -> assertThat(incident.alerts()).as("triggers it got").isEqualTo(1));
    }

    private static String criticalAlert(String service, String name) {
        return """
                {"service": "%s", "alertname": "%s", "severity": "critical", "status": "firing",
                 "summary": "%s answers 503", "labels": {"instance": "%s-1"}}""".formatted(service, name, service, service);
    }

    private void post(String alert) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(AlertFixtures.DEMO_TOKEN);
        ResponseEntity<String> answer = http.postForEntity("/api/alerts", new HttpEntity<>(alert, headers), String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(202);
    }

    private void processAlerts() {
        await().atMost(SOON).until(() -> {
            processor.processPending();
            return jdbc.queryForObject("select count(*) from alert_inbox where processed_at is null", Integer.class) == 0;
        });
    }

    private String onlyIncident(String service) {
        List<Map<String, Object>> incidents = api().getList("commander", "/api/incidents?service=" + service);
        assertThat(incidents).as("incidents of %s", service).hasSize(1);
        return (String) incidents.get(0).get("id");
    }

    /** The key the ticket and the page share, as the ServiceNow message carries it. */
    private String ticketKey(String incidentId) throws IOException {
        String payload = jdbc.queryForObject("select payload from connector_outbox where connector = ? and operation = ?"
                + " and subject = ?", String.class, ServiceNow.NAME, IncidentOpenDelivery.OPERATION, incidentId);
        return JSON.readTree(payload).path("incident").asText();
    }

    /** Dispatcher passes until no message about the incident is pending. */
    private void deliverEverything(String incidentId) {
        await().atMost(SOON).until(() -> {
            dispatcher.dispatchDue();
            return jdbc.queryForObject("select count(*) from connector_outbox where subject = ? and state = 'PENDING'",
                    Integer.class, incidentId) == 0;
        });
    }

    /** "state attempts" of each message of the operation about the incident. */
    private List<String> messages(String connector, String operation, String incidentId) {
        return jdbc.query("select state, attempts from connector_outbox where connector = ? and operation = ? and subject = ?",
                (rs, n) -> rs.getString("state") + " " + rs.getInt("attempts"), connector, operation, incidentId);
    }

    private TaskApi api() {
        return new TaskApi(http);
    }

    private static Path secret(String name, String value) {
        try {
            Path file = Files.createTempFile(name, ".secret");
            file.toFile().deleteOnExit();
            return Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
