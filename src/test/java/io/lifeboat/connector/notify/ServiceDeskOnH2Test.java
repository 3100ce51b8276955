package io.lifeboat.connector.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;
import io.lifeboat.TaskApi;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.BackupFinished;
import io.lifeboat.backup.BackupSlas;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.connector.pagerduty.StubPagerDuty;
import io.lifeboat.drill.DrillFinished;
import io.lifeboat.incident.AlertCorrelator;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertStatus;
import io.lifeboat.servicenow.StubServiceNow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service desk as the runbooks reach it through the outbox, against stubs of ServiceNow and PagerDuty: an
 * incident opens one ServiceNow incident and one page under the alert's key, notes its milestones and approved status
 * updates on both and resolves both; a recurring failure opens one ticket; an SLA breach and a failed drill open and
 * page once and end with what proves them over.
 */
@FullStackTest
class ServiceDeskOnH2Test {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final StubServiceNow serviceNow = new StubServiceNow();
    private static final StubPagerDuty pagerDuty = new StubPagerDuty();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "service-desk-h2");
        Path secrets = secrets();
        registry.add("lifeboat.connectors.servicenow.url", () -> serviceNow.url().toString());
        registry.add("lifeboat.connectors.servicenow.user", () -> StubServiceNow.USER);
        registry.add("lifeboat.connectors.servicenow.password-ref", () -> "\\${file:" + secrets.resolve("sn-password") + "}");
        registry.add("lifeboat.connectors.pagerduty.routing-key-ref", () -> "\\${file:" + secrets.resolve("pd-routing-key") + "}");
        registry.add("lifeboat.connectors.pagerduty.api-token-ref", () -> "\\${file:" + secrets.resolve("pd-token") + "}");
        registry.add("lifeboat.connectors.pagerduty.from", () -> StubPagerDuty.FROM);
        registry.add("lifeboat.connectors.pagerduty.events-url", () -> pagerDuty.url().toString());
        registry.add("lifeboat.connectors.pagerduty.api-url", () -> pagerDuty.url().toString());
        registry.add("lifeboat.connectors.outbox.poll-interval", () -> "PT0.2S");
        registry.add("lifeboat.connectors.outbox.initial-backoff", () -> "PT0.2S");
        registry.add("lifeboat.connectors.outbox.max-backoff", () -> "PT1S");
    }

    private static Path secrets() {
        try {
            Path directory = Files.createTempDirectory("service-desk-secrets");
            Files.writeString(directory.resolve("sn-password"), StubServiceNow.PASSWORD);
            Files.writeString(directory.resolve("pd-routing-key"), StubPagerDuty.ROUTING_KEY);
            Files.writeString(directory.resolve("pd-token"), StubPagerDuty.API_TOKEN);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        serviceNow.close();
        pagerDuty.close();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    AlertCorrelator correlator;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    BackupSlas slas;
    private TaskApi api;

    @BeforeEach
    void api() {
        api = new TaskApi(http);
        if (serviceNow.rows("sys_user_group").isEmpty()) {
            serviceNow.insert("sys_user_group", Map.of("name", "operators"));
        }
    }

    @Test
    void anIncidentHasOneTicketAndOnePageUnderItsAlertsKeyWithItsMilestonesAndUpdatesAndBothEndResolved() {
        // the first create is refused with a rate limit: the outbox waits as told and tries again
        serviceNow.failNext(StubServiceNow.Fault.rateLimited("POST", "incident", 1));
        Alert alert = new Alert("alertmanager", "fp-desk", AlertStatus.FIRING, "NotesDown", "critical", "notes unreachable",
                Map.of("alertname", "NotesDown", "service", "notes"), Map.of(), Instant.now(), null);
        transaction.executeWithoutResult(status -> correlator.handle(1, alert));
        // delivered again, as Alertmanager does until it hears back
        transaction.executeWithoutResult(status -> correlator.handle(2, alert));
        String incidentId = (String) api.getList("commander", "/api/incidents?service=notes&state=OPEN").get(0).get("id");
        String key = "alertmanager:fp-desk";

        ObjectNode ticket = await().atMost(SOON).until(() -> tickets(key), found -> !found.isEmpty()).get(0);
        assertThat(ticket.get("short_description").asText()).isEqualTo("NotesDown on notes");
        assertThat(ticket.get("assignment_group").asText()).isEqualTo(serviceNow.rows("sys_user_group").get(0).get("sys_id").asText());
        assertThat(ticket.get("urgency").asText()).isEqualTo("1");
        assertThat(ticket.get("description").asText()).contains(incidentId);
        StubPagerDuty.Incident page = await().atMost(SOON).until(() -> pagerDuty.incidents(key), found -> !found.isEmpty()).get(0);
        assertThat(page.status()).isEqualTo("triggered");
        assertThat(page.title()).contains("NotesDown on notes", incidentId);

        String sysId = ticket.get("sys_id").asText();
        await().atMost(SOON).until(() -> journal(sysId).stream().anyMatch(note -> note.startsWith("Emergency backup: backup ")));
        await().atMost(SOON).until(() -> pagerDuty.notes(page.id()).stream().anyMatch(note -> note.content().startsWith("Emergency backup: backup ")));

        Map<String, Object> update = await().atMost(SOON).until(() -> api.statusUpdates("commander", incidentId), tasks -> !tasks.isEmpty()).get(0);
        String text = "Support notes are down; a full backup is taken. Next update within the hour.";
        api.complete("commander", update, Map.of("statusText", text, "customerVisible", true));
        await().atMost(SOON).until(() -> pagerDuty.statusUpdates(page.id()).contains(text));
        await().atMost(SOON).until(() -> journal(sysId).stream().anyMatch(note -> note.contains(text)));

        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);
        api.complete("commander", assess, Map.of("assessmentNotes", "disk replaced"));
        api.complete("commander", api.task("commander", incidentId), Map.of("recoveryConfirmed", true, "recoveryNotes", "back"));
        api.complete("commander", api.task("commander", incidentId), Map.of("resolution", "failed disk replaced"));

        await().atMost(SOON).until(() -> "6".equals(tickets(key).get(0).get("state").asText()));
        assertThat(tickets(key).get(0).get("close_notes").asText()).isEqualTo("failed disk replaced");
        await().atMost(SOON).until(() -> "resolved".equals(pagerDuty.incidents(key).get(0).status()));
        assertThat(tickets(key)).as("one ticket, the rate limit and the repeated alert notwithstanding").hasSize(1);
        assertThat(pagerDuty.incidents(key)).hasSize(1);
        assertThat(pagerDuty.statusUpdates(page.id())).containsOnlyOnce(text);

        // the alert comes back: a new Lifeboat incident under the same key reopens the resolved ticket (within P3D)
        transaction.executeWithoutResult(status -> correlator.handle(3, alert));
        await().atMost(SOON).until(() -> "2".equals(tickets(key).get(0).get("state").asText()));
        assertThat(tickets(key)).hasSize(1);
        String reopened = (String) api.getList("commander", "/api/incidents?service=notes&state=OPEN").get(0).get("id");
        assertThat(reopened).isNotEqualTo(incidentId);
        assertThat(journal(sysId)).anySatisfy(note -> assertThat(note).contains(reopened));
        // PagerDuty opens a new incident for a trigger after resolve, as its Events API does
        await().atMost(SOON).until(() -> pagerDuty.incidents(key).size() == 2);
    }

    @Test
    void aFailedBackupOpensOneTicketHoweverOftenItFailsAndAVerifiedBackupResolvesIt() {
        publish(new BackupFinished("bk-1", "wiki", BackupStatus.FAILED, false, BackupTrigger.SCHEDULE, "RunAgent", "restic exit 3"));
        publish(new BackupFinished("bk-2", "wiki", BackupStatus.FAILED, false, BackupTrigger.SCHEDULE, "RunAgent", "restic exit 3"));
        String key = "lifeboat:backup-failed:bk-1";

        ObjectNode ticket = await().atMost(SOON).until(() -> tickets(key), found -> !found.isEmpty()).get(0);
        assertThat(ticket.get("short_description").asText()).isEqualTo("Backup of " + serviceName("wiki") + " failed");
        assertThat(ticket.get("description").asText()).contains("bk-1", "at RunAgent: restic exit 3");
        await().atMost(SOON).until(() -> journal(ticket.get("sys_id").asText()).stream().anyMatch(note -> note.contains("Backup bk-2 failed too")));

        publish(new BackupFinished("bk-3", "wiki", BackupStatus.SUCCEEDED, true, BackupTrigger.SCHEDULE, null, null));

        await().atMost(SOON).until(() -> "6".equals(tickets(key).get(0).get("state").asText()));
        assertThat(serviceNow.rows("incident")).filteredOn(row -> row.path("correlation_id").asText().startsWith("lifeboat:backup-failed:"))
                .hasSize(1);
        assertThat(pagerDuty.incidents(key)).as("a failed backup pages nobody").isEmpty();
    }

    @Test
    void aBackupSlaBreachOpensAndPagesOnceAndTheNextVerifiedBackupResolvesBoth() {
        slas.check(Instant.now().plus(Duration.ofDays(400)));
        slas.check(Instant.now().plus(Duration.ofDays(401)));

        List<ObjectNode> breaches = await().atMost(SOON).until(() -> serviceNow.rows("incident").stream()
                .filter(row -> row.path("correlation_id").asText().startsWith("lifeboat:backup-sla:handbook:")).toList(), found -> !found.isEmpty());
        assertThat(breaches).hasSize(1);
        String key = breaches.get(0).get("correlation_id").asText();
        assertThat(breaches.get(0).get("short_description").asText()).contains("has no verified backup within its RPO");
        await().atMost(SOON).until(() -> pagerDuty.incidents(key).size() == 1);

        String backup = new DemoApi(http).backedUp("handbook");

        await().atMost(SOON).until(() -> "6".equals(tickets(key).get(0).get("state").asText()));
        assertThat(tickets(key).get(0).get("close_notes").asText()).contains(backup);
        await().atMost(SOON).until(() -> "resolved".equals(pagerDuty.incidents(key).get(0).status()));
    }

    @Test
    void aFailedDrillOpensATicketAndPagesAndTheNextPassedDrillResolvesBoth() {
        publish(new DrillFinished("dr-vault-1", "vault", "failed", "check tickets failed: 3 rows missing.", null,
                "/api/drills/dr-vault-1/report", false));
        String key = "lifeboat:drill:dr-vault-1";

        ObjectNode ticket = await().atMost(SOON).until(() -> tickets(key), found -> !found.isEmpty()).get(0);
        assertThat(ticket.get("description").asText()).contains("3 rows missing", "/api/drills/dr-vault-1/report");
        await().atMost(SOON).until(() -> pagerDuty.incidents(key).size() == 1);

        publish(new DrillFinished("dr-vault-2", "vault", "passed", "restored, 2 checks passed.", 6L, "/api/drills/dr-vault-2/report", false));

        await().atMost(SOON).until(() -> "6".equals(tickets(key).get(0).get("state").asText()));
        await().atMost(SOON).until(() -> "resolved".equals(pagerDuty.incidents(key).get(0).status()));
    }

    private void publish(Object event) {
        // as the backup and drill packages publish them: inside the transaction that records the outcome
        transaction.executeWithoutResult(status -> events.publishEvent(event));
    }

    private String serviceName(String service) {
        return (String) api.get("operator", "/api/services/" + service).getBody().get("name");
    }

    private static List<ObjectNode> tickets(String correlationId) {
        return serviceNow.rows("incident").stream().filter(row -> correlationId.equals(row.path("correlation_id").asText())).toList();
    }

    private static List<String> journal(String sysId) {
        return serviceNow.journal(sysId).stream().map(StubServiceNow.Journal::value).toList();
    }
}
