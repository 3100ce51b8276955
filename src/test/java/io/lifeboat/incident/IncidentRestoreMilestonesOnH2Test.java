package io.lifeboat.incident;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;
import io.lifeboat.PublishedEvents;
import io.lifeboat.TaskApi;
import io.lifeboat.incident.IncidentMilestone.Kind;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.AlertStatus;
import io.lifeboat.security.Roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restore the commander picks on Assess, on a copy of the demo catalog: its start and its end are the incident's
 * milestones, and the end's status update is rendered from the template as an operator edited it in the runbooks
 * directory, with the restore's progress.
 */
@FullStackTest
@Import(PublishedEvents.class)
class IncidentRestoreMilestonesOnH2Test {

    private static final Duration SOON = Duration.ofSeconds(90);
    private static Path runbooks;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        runbooks = DemoApi.registerDemoCopy(registry, "incident-restore-h2");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    PublishedEvents events;
    @Autowired
    AlertCorrelator correlator;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    IdentityService identity;

    @Test
    void aRestorePickedOnAssessStartsAndEndsAsMilestonesAndItsUpdateFollowsTheEditedTemplate() throws IOException {
        DemoApi demo = new DemoApi(http);
        TaskApi api = new TaskApi(http);
        String backupId = demo.backedUp("ticket-db");
        Files.writeString(runbooks.resolve("templates/status/restore-finished.md"),
                "Edited by operators: {{service.name}}{{#restore}}, restore {{id}} {{state}}{{/restore}}; next update by {{nextUpdateAt}}");
        transaction.executeWithoutResult(status -> correlator.handle(1, new Alert("alertmanager", "fp-tickets", AlertStatus.FIRING,
                "TicketsGarbled", "info", "tickets garbled", Map.of("alertname", "TicketsGarbled", "job", "ticketdb"), Map.of(),
                Instant.now(), null)));
        String incidentId = (String) api.getList("commander", "/api/incidents?service=ticket-db&state=OPEN").get(0).get("id");
        Map<String, Object> assess = await().atMost(SOON).until(() -> api.task("commander", incidentId), task -> task != null);

        api.complete("commander", assess, Map.of("assessmentNotes", "an import garbled the tickets", "restoreBackupId", backupId,
                "restoreReason", "garbled by the import"));
        String restoreId = (String) await().atMost(SOON).until(() -> api.getList("commander", "/api/restores?service=ticket-db"),
                restores -> !restores.isEmpty()).get(0).get("id");
        secondCommander();
        assertThat(demo.post("commander2", "/api/restores/" + restoreId + "/decision", Map.of("approve", true, "comment", "go"))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        await().atMost(SOON).until(() -> milestones(incidentId).size() == 3);
        assertThat(milestones(incidentId)).extracting(IncidentMilestone::kind)
                .containsExactly(Kind.CLASSIFIED, Kind.RESTORE_STARTED, Kind.RESTORE_FINISHED);
        assertThat(milestones(incidentId).get(0)).returns(false, IncidentMilestone::pageCommander)
                .returns("none", IncidentMilestone::backupKind);
        assertThat(milestones(incidentId).get(1)).returns("commander", IncidentMilestone::who);
        assertThat(milestones(incidentId).get(1).text()).contains("restore " + restoreId);
        assertThat(milestones(incidentId).get(2)).returns("SUCCEEDED", IncidentMilestone::outcome);

        Map<String, Object> finishedUpdate = await().atMost(SOON).until(() -> api.statusUpdates("commander", incidentId).stream()
                .filter(task -> ((String) task.get("name")).endsWith("(restore-finished)")).findFirst().orElse(null), task -> task != null);
        assertThat((String) api.variable("commander", finishedUpdate, "statusText"))
                .matches("Edited by operators: Ticket database, restore " + restoreId + " SUCCEEDED; next update by "
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(timeline(api, incidentId)).filteredOn(entry -> "restore".equals(entry.get("kind")))
                .extracting(entry -> (String) entry.get("text")).last().asString()
                .isEqualTo("restore " + restoreId + " of ticket-db ended SUCCEEDED");
    }

    private void secondCommander() {
        User user = identity.newUser("commander2");
        user.setPassword("commander2");
        identity.saveUser(user);
        identity.createMembership("commander2", Roles.COMMANDERS);
    }

    private List<IncidentMilestone> milestones(String incidentId) {
        return events.of(IncidentMilestone.class).stream().filter(milestone -> incidentId.equals(milestone.incidentId())).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> timeline(TaskApi api, String incidentId) {
        return (List<Map<String, Object>>) api.get("commander", "/api/incidents/" + incidentId).getBody().get("timeline");
    }
}
