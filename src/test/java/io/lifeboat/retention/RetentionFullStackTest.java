package io.lifeboat.retention;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;

import static io.lifeboat.retention.RetentionFixture.OPERATING_APPROVER;
import static io.lifeboat.retention.RetentionFixture.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention as operators, approvers and auditors meet it, on H2 with real {@code files} backups on disk: the sweep
 * deletes what no retention rule keeps through the agent, a held backup survives, and a manual deletion needs an approver who
 * is not the requester, decided through {@code /engine-rest}.
 */
@FullStackTest
class RetentionFullStackTest {


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
    RuntimeService runtime;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "retention");
    }

    private RetentionFixture fixture;

    @BeforeEach
    void holdTheDailyTimer() {
        fixture = new RetentionFixture(http, jdbc, management, history, identity, environment);
        fixture.holdTheDailyTimer();
    }

    @Test
    void theSweepDeletesExpiredBackupsThroughTheAgentAndKeepsHeldOnes() {
        // manual backups another test left today are younger than their minimum age, and stay
        long leftToday = fixture.getList("auditor", "/api/backups?service=notes&status=SUCCEEDED").stream()
                .filter(backup -> backup.get("deletedAt") == null).count();
        String monthly = backUp();
        String superseded = backUp();
        String held = backUp();
        List<String> newest = List.of(backUp(), backUp(), backUp());
        // three backups of one day a year and a bit ago: the newest is kept (its day's and month's newest), the two
        // older ones are past every rule, but one of them is held
        fixture.startedAt(monthly, RetentionFixture.daysAgo(400).plus(12, ChronoUnit.HOURS));
        fixture.startedAt(superseded, RetentionFixture.daysAgo(400).plus(6, ChronoUnit.HOURS));
        fixture.startedAt(held, RetentionFixture.daysAgo(400).plus(3, ChronoUnit.HOURS));

        assertThat(fixture.post("operator", "/api/holds", Map.of("backupIds", List.of(held), "caseRef", "X", "reason", "y"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        int holdsBefore = fixture.getList("auditor", "/api/holds").size();
        ResponseEntity<Map<String, Object>> unknown = fixture.post("commander", "/api/holds",
                Map.of("backupIds", List.of(held, "bk-nope"), "caseRef", "CASE-7", "reason", "litigation"));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody()).containsEntry("detail", "no backup bk-nope");
        assertThat(fixture.getList("auditor", "/api/holds")).as("nothing half-written").hasSize(holdsBefore);
        ResponseEntity<Map<String, Object>> noCase = fixture.post("commander", "/api/holds", Map.of("backupIds", List.of(held), "reason", "y"));
        assertThat(noCase.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) noCase.getBody().get("detail")).contains("caseRef is required");
        ResponseEntity<Map<String, Object>> placed = fixture.post("commander", "/api/holds",
                Map.of("backupIds", List.of(held), "caseRef", "CASE-7", "reason", "litigation"));
        assertThat(placed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String holdId = (String) placed.getBody().get("id");

        ResponseEntity<Map<String, Object>> started = fixture.post("operator", "/api/retention/sweeps", Map.of());
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String sweep = (String) started.getBody().get("id");
        fixture.awaitFinished(sweep);

        assertThat(fixture.backup(superseded).get("deletedAt")).isNotNull();
        assertThat(fixture.archive("notes", superseded)).doesNotExist();
        for (String kept : List.of(newest.get(0), newest.get(1), newest.get(2), monthly, held)) {
            assertThat(fixture.backup(kept).get("deletedAt")).as(kept).isNull();
            assertThat(fixture.archive("notes", kept)).as(kept).exists();
        }
        assertThat(fixture.auditEvents("backup/" + superseded)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "backup.deleted").containsEntry("actor", RetentionSweep.SYSTEM)
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).startsWith("retention: gfs: GFS daily 30")));
        assertThat(fixture.summary(sweep)).isEqualTo("notes: kept " + (5 + leftToday) + " (legal-hold 1, keep-last 3"
                        + (leftToday == 0 ? "" : ", minimum-age " + leftToday) + ", daily 1), deleted 1");
        assertThat(jdbc.queryForObject("select rules from retention_decision where sweep_id = ? and backup_id = ?",
                String.class, sweep, held)).isEqualTo("legal-hold");

        ResponseEntity<Map<String, Object>> heldDeletion = fixture.delete("operator", "/api/backups/" + held + "?reason=cleanup");
        assertThat(heldDeletion.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) heldDeletion.getBody().get("detail")).contains("under legal hold " + holdId);
        assertThat(fixture.delete("operator", "/api/backups/" + superseded + "?reason=x").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        ResponseEntity<Map<String, Object>> ownRelease = fixture.delete("commander", "/api/holds/" + holdId);
        assertThat(ownRelease.getStatusCode()).as("only approvers release").isEqualTo(HttpStatus.FORBIDDEN);
        placed = fixture.post("approver", "/api/holds", Map.of("backupIds", List.of(monthly), "caseRef", "CASE-8", "reason", "audit"));
        String approversHold = (String) placed.getBody().get("id");
        ResponseEntity<Map<String, Object>> placerRelease = fixture.delete("approver", "/api/holds/" + approversHold);
        assertThat(placerRelease.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat((String) placerRelease.getBody().get("detail")).contains("approver placed legal hold", "cannot release it");
        assertThat(fixture.delete("approver2", "/api/holds/" + approversHold).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(auditActions("hold/" + approversHold)).containsExactly("hold.placed", "hold.released");
    }

    @Test
    void aManualDeletionNeedsAnApproverWhoIsNotTheRequester() {
        String first = backUp();
        String second = backUp();
        fixture.operatingApprover();

        assertThat(fixture.delete("operator", "/api/backups/" + first).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fixture.delete("operator", "/api/backups/bk-nope?reason=x").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(fixture.delete("approver", "/api/backups/" + first + "?reason=x").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map<String, Object>> requested = fixture.exchange(OPERATING_APPROVER, HttpMethod.DELETE, "/api/backups/" + first,
                Map.of("reason", "written to the wrong target"));
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(fixture.delete("operator", "/api/backups/" + first + "?reason=again").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        Map<String, Object> task = fixture.getList("approver", "/engine-rest/task?processInstanceBusinessKey=" + first).get(0);
        assertThat(fixture.variable("approver", task, "newestGoodBackup")).isEqualTo("no: the newest verified backup of notes is " + second);
        assertThat(fixture.variable("approver", task, "reason")).isEqualTo("written to the wrong target");
        ResponseEntity<String> own = fixture.complete(OPERATING_APPROVER, task, true, "");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(own.getBody()).contains("AuthorizationException", OPERATING_APPROVER + " asked for " + first
                + " and cannot decide 'Approve deletion'");
        // the walk-around once reproduced: rewrite the requester variable, or have a commander decide
        ResponseEntity<String> rewritten = http.withBasicAuth("operator", "operator").exchange("/engine-rest/process-instance/"
                        + task.get("processInstanceId") + "/variables/requester", HttpMethod.PUT,
                new HttpEntity<>(Map.of("value", "commander", "type", "String")), String.class);
        assertThat(rewritten.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(fixture.complete("commander", task, true, "").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(fixture.archive("notes", first)).exists();

        assertThat(fixture.complete("approver", task, true, "checked with the owner").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        await().atMost(SOON).until(() -> fixture.backup(first).get("deletedAt") != null);
        assertThat(fixture.archive("notes", first)).doesNotExist();
        assertThat(fixture.archive("notes", second)).exists();
        assertThat(fixture.auditEvents("backup/" + first)).filteredOn(event -> event.get("action").equals("backup.deleted"))
                .singleElement().satisfies(event -> assertThat(event).containsEntry("actor", "approver")
                        .containsEntry("reason", "requested by " + OPERATING_APPROVER + " (written to the wrong target), approved by approver: "
                                + "checked with the owner"));
        assertThat(auditActions("backup/" + first)).contains("backup.deletion-requested", "backup.deleted");
    }

    @Test
    void aSecondSweepIsRefusedWhileOneRunsAndNamesIt() {
        // a sweep that stays unfinished: its steps' jobs are created suspended, so the job executor leaves them
        management.suspendJobDefinitionByProcessDefinitionKey(RetentionSweepRunbook.KEY);
        String running = runtime.startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED).getId();
        long instances = history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count();
        try {
            ResponseEntity<Map<String, Object>> refused = fixture.post("operator", "/api/retention/sweeps", Map.of());

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody()).containsEntry("error", "sweep running").containsEntry("detail",
                    "retention sweep " + running + " is still running; one sweep runs at a time");
            assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count())
                    .as("nothing started").isEqualTo(instances);
        } finally {
            runtime.deleteProcessInstance(running, "test done");
            management.activateJobDefinitionByProcessDefinitionKey(RetentionSweepRunbook.KEY);
        }

        ResponseEntity<Map<String, Object>> started = fixture.post("operator", "/api/retention/sweeps", Map.of());
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String sweep = (String) started.getBody().get("id");
        fixture.awaitFinished(sweep);
    }

    @Test
    void aServiceHoldCoversTheServicesFutureBackupsUntilReleased() {
        String serviceHold = (String) fixture.post("approver", "/api/holds", Map.of("service", "notes", "caseRef", "CASE-9",
                "reason", "regulator inquiry")).getBody().get("id");
        String later = backUp();

        ResponseEntity<Map<String, Object>> refused = fixture.delete("operator", "/api/backups/" + later + "?reason=space");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) refused.getBody().get("detail")).contains("under legal hold " + serviceHold);

        assertThat(fixture.delete("approver2", "/api/holds/" + serviceHold).getBody()).containsEntry("releasedBy", "approver2");
        assertThat(fixture.delete("operator", "/api/backups/" + later + "?reason=space").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    private String backUp() {
        return fixture.manual("notes", "retention test");
    }


    private List<String> auditActions(String subject) {
        return fixture.auditEvents(subject).stream().map(event -> (String) event.get("action")).collect(Collectors.toList());
    }
}
