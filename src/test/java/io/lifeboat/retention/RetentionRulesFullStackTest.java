package io.lifeboat.retention;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.incident.IncidentRepository;

import static io.lifeboat.retention.RetentionFixture.OPERATING_APPROVER;
import static io.lifeboat.retention.RetentionFixture.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention rules as operators and approvers meet them, on H2 with real {@code files} backups: the issue's
 * reproduction (a recent manual backup and a recently resolved incident's emergency backup survive), the dry run,
 * and a sweep deleting more than half of a service's backups waiting for an approver, rejected and then approved.
 * Each test has services of its own ({@code src/test/runbooks}: wiki; notes and handbook), so their counts hold in
 * any order. Backups are dated back by setting their start, as the rules read it.
 */
@FullStackTest
class RetentionRulesFullStackTest {


    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
    @Autowired
    IdentityService identity;
    @Autowired
    Environment environment;
    @Autowired
    BackupService backups;
    @Autowired
    IncidentRepository incidents;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "retention-rules");
    }

    private RetentionFixture fixture;

    @BeforeEach
    void holdTheDailyTimer() {
        fixture = new RetentionFixture(http, jdbc, management, history, identity, environment);
        fixture.holdTheDailyTimer();
    }

    @Test
    void theReadmesSweepKeepsTheManualBackupBeforeTheWikiUpgradeAndTheResolvedIncidentsEmergencyBackup() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String incident = (String) fixture.post("commander", "/api/incidents", Map.of("service", "wiki", "severity", "critical",
                "title", "wiki pages time out")).getBody().get("id");
        String emergency = await().atMost(SOON).until(() -> fixture.getList("auditor", "/api/backups?service=wiki").stream()
                .filter(backup -> "emergency".equals(backup.get("trigger")) && "SUCCEEDED".equals(backup.get("status")))
                .map(backup -> (String) backup.get("id")).findFirst().orElse(null), id -> id != null);
        // resolved 17 minutes ago: the incident's own tasks cannot date a resolution back
        incidents.resolve(incident, now.minus(17, ChronoUnit.MINUTES));
        fixture.startedAt(emergency, now.minus(20, ChronoUnit.MINUTES));
        String beforeUpgrade = fixture.manual("wiki", "before the wiki upgrade");
        fixture.startedAt(beforeUpgrade, now.minus(17, ChronoUnit.MINUTES));
        // every 30 minutes in the README; three since, so neither is among the newest 3 nor the newest of its day
        for (int minutesAgo : List.of(15, 10, 5)) {
            fixture.startedAt(scheduled("wiki"), now.minus(minutesAgo, ChronoUnit.MINUTES));
        }
        Instant threeDaysAgo = now.truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);
        String superseded = scheduled("wiki");
        fixture.startedAt(superseded, threeDaysAgo.plus(10, ChronoUnit.HOURS));
        String newestThatDay = scheduled("wiki");
        fixture.startedAt(newestThatDay, threeDaysAgo.plus(11, ChronoUnit.HOURS));
        long sweepsBefore = history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count();
        String retentionEvents = "select count(*) from audit_event where subject like 'retention-sweep/%'";
        long auditBefore = jdbc.queryForObject(retentionEvents, Long.class);

        ResponseEntity<Map<String, Object>> dryRun = fixture.post("operator", "/api/retention/sweeps", Map.of("dryRun", true));

        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> wiki = service(dryRun.getBody(), "wiki");
        assertThat(wiki).containsEntry("backups", 7).containsEntry("deletions", 1).containsEntry("needsApproval", false);
        assertThat(decision(wiki, beforeUpgrade)).containsEntry("action", "keep").containsEntry("trigger", "manual")
                .containsEntry("rules", List.of("minimum-age"));
        assertThat(decision(wiki, emergency)).containsEntry("action", "keep").hasEntrySatisfying("reasons", reasons ->
                assertThat((String) reasons).startsWith("minimum-age: emergency backup of incident " + incident + ", resolved "));
        assertThat(decision(wiki, superseded)).containsEntry("action", "delete").containsEntry("rules", List.of("gfs"));
        assertThat(decision(wiki, newestThatDay)).containsEntry("rules", List.of("daily", "weekly", "monthly"));
        assertThat(fixture.archive("wiki", superseded)).as("a dry run deletes nothing").exists();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count())
                .as("nor starts a sweep").isEqualTo(sweepsBefore);
        assertThat(jdbc.queryForObject(retentionEvents, Long.class)).as("nor audits").isEqualTo(auditBefore);

        String sweep = (String) fixture.post("operator", "/api/retention/sweeps", null).getBody().get("id");
        fixture.awaitFinished(sweep);

        assertThat(fixture.archive("wiki", superseded)).doesNotExist();
        for (String kept : List.of(beforeUpgrade, emergency, newestThatDay)) {
            assertThat(fixture.archive("wiki", kept)).as(kept).exists();
        }
        assertThat(jdbc.queryForObject("select rules from retention_decision where sweep_id = ? and backup_id = ?",
                String.class, sweep, beforeUpgrade)).isEqualTo("minimum-age");
        assertThat(fixture.summary(sweep)).contains("wiki: kept 6 (keep-last 3, minimum-age 2, daily 1), deleted 1");
        assertThat(fixture.getList("auditor", "/api/audit/events?subject=backup/" + superseded)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "backup.deleted")
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).startsWith("retention: gfs: GFS daily 30")));
    }

    @Test
    void aBodyOtherThanADryRunFlagIsRefusedAndStartsNothing() {
        long sweepsBefore = history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count();

        ResponseEntity<Map<String, Object>> misspelt = fixture.post("operator", "/api/retention/sweeps", Map.of("dryrun", true));
        ResponseEntity<Map<String, Object>> notABoolean = fixture.post("operator", "/api/retention/sweeps", Map.of("dryRun", "yes"));

        assertThat(misspelt.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(misspelt.getBody()).containsEntry("detail",
                "field 'dryrun': unknown field; the only field is dryRun (true or false)");
        assertThat(notABoolean.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notABoolean.getBody()).containsEntry("detail", "field 'dryRun': 'yes' is not true or false");
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count())
                .isEqualTo(sweepsBefore);
    }

    @Test
    void aSweepDeletingMoreThanHalfOfAServicesBackupsWaitsForAnApproverWhoRejectsAndNextTimeApproves() {
        fixture.operatingApprover();
        Instant oldDay = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(5, ChronoUnit.DAYS);
        for (int i = 0; i < 3; i++) {
            scheduled("notes");
            scheduled("handbook");
        }
        List<String> notesGoing = new ArrayList<>();
        for (int hour = 1; hour <= 6; hour++) {
            String backup = scheduled("notes");
            fixture.startedAt(backup, oldDay.plus(hour, ChronoUnit.HOURS));
            if (hour < 6) {
                notesGoing.add(backup);
            }
        }
        String handbookGoing = scheduled("handbook");
        fixture.startedAt(handbookGoing, oldDay.plus(1, ChronoUnit.HOURS));
        fixture.startedAt(scheduled("handbook"), oldDay.plus(2, ChronoUnit.HOURS));

        String first = (String) fixture.post(OPERATING_APPROVER, "/api/retention/sweeps", Map.of("dryRun", false)).getBody().get("id");
        Map<String, Object> task = approvalTask(first);

        assertThat((String) fixture.variable("approver", task, "deletionsToApprove")).startsWith("notes: 5 of 9 backups would be deleted\n- ")
                .contains(notesGoing).doesNotContain("handbook");
        assertThat(fixture.variable("approver", task, "requester")).isEqualTo(OPERATING_APPROVER);
        assertThat(fixture.archive("handbook", handbookGoing)).as("nothing goes before the decision").exists();
        ResponseEntity<String> own = fixture.complete(OPERATING_APPROVER, task, true, "");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(own.getBody()).contains(OPERATING_APPROVER + " asked for process instance " + first);
        ResponseEntity<String> withoutNote = fixture.complete("approver", task, false, " ");
        assertThat(withoutNote.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withoutNote.getBody()).contains("a rejection needs a note");

        assertThat(fixture.complete("approver", task, false, "the wiki migration still reads them").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        fixture.awaitFinished(first);

        assertThat(fixture.archive("handbook", handbookGoing)).as("a service within the fraction goes ahead").doesNotExist();
        notesGoing.forEach(backup -> assertThat(fixture.archive("notes", backup)).as(backup).exists());
        assertThat(fixture.summary(first)).contains("notes: kept 9 (keep-last 3, daily 1), deleted 0; 5 deletions rejected by approver:"
                + " the wiki migration still reads them");
        assertThat(fixture.getList("auditor", "/api/audit/events?subject=retention-sweep/" + first))
                .filteredOn(event -> "retention.deletions-rejected".equals(event.get("action"))).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("actor", "approver").containsEntry("service", "notes")
                        .containsEntry("reason", "the wiki migration still reads them"));

        String second = (String) fixture.post("operator", "/api/retention/sweeps", null).getBody().get("id");
        assertThat(fixture.complete("approver2", approvalTask(second), true, "migration done").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        fixture.awaitFinished(second);

        notesGoing.forEach(backup -> assertThat(fixture.archive("notes", backup)).as(backup).doesNotExist());
        assertThat(fixture.summary(second)).contains("notes: kept 4 (keep-last 3, daily 1), deleted 5");
        assertThat(fixture.getList("auditor", "/api/audit/events?subject=retention-sweep/" + second))
                .filteredOn(event -> "retention.deletions-approved".equals(event.get("action"))).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("actor", "approver2").containsEntry("service", "notes"));
    }

    private Map<String, Object> approvalTask(String sweep) {
        return await().atMost(SOON).until(() -> {
            List<Map<String, Object>> tasks = fixture.getList("approver", "/engine-rest/task?processInstanceId=" + sweep);
            return tasks.isEmpty() ? null : tasks.get(0);
        }, task -> task != null);
    }

    private String scheduled(String service) {
        return fixture.awaitSucceeded(((BackupService.Outcome.Started) backups.request(service, BackupTrigger.SCHEDULE,
                "schedule", "system:scheduler")).backupId());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> plan, String service) {
        return ((List<Map<String, Object>>) plan.get("services")).stream().filter(entry -> service.equals(entry.get("service")))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decision(Map<String, Object> service, String backupId) {
        return ((List<Map<String, Object>>) service.get("decisions")).stream()
                .filter(entry -> backupId.equals(entry.get("backupId"))).findFirst().orElseThrow();
    }
}
