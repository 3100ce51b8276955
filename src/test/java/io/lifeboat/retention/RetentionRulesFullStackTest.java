package io.lifeboat.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
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
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.incident.IncidentRepository;
import io.lifeboat.security.Roles;

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

    private static final Duration SOON = Duration.ofSeconds(60);
    /** In the operators and the approvers group: asks for a sweep, and so may not decide it. */
    private static final String OPERATING_APPROVER = "opsapprover";

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

    /** The daily timer must not start a sweep while a test runs around 03:00. */
    @BeforeEach
    void holdTheDailyTimer() {
        management.createJobQuery().processDefinitionKey(RetentionSweepRunbook.KEY).timers().list()
                .forEach(timer -> management.suspendJobById(timer.getId()));
    }

    @Test
    void theReadmesSweepKeepsTheManualBackupBeforeTheWikiUpgradeAndTheResolvedIncidentsEmergencyBackup() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String incident = (String) post("commander", "/api/incidents", Map.of("service", "wiki", "severity", "critical",
                "title", "wiki pages time out")).getBody().get("id");
        String emergency = await().atMost(SOON).until(() -> getList("auditor", "/api/backups?service=wiki").stream()
                .filter(backup -> "emergency".equals(backup.get("trigger")) && "SUCCEEDED".equals(backup.get("status")))
                .map(backup -> (String) backup.get("id")).findFirst().orElse(null), id -> id != null);
        // resolved 17 minutes ago: the incident's own tasks cannot date a resolution back
        incidents.resolve(incident, now.minus(17, ChronoUnit.MINUTES));
        startedAt(emergency, now.minus(20, ChronoUnit.MINUTES));
        String beforeUpgrade = manual("wiki", "before the wiki upgrade");
        startedAt(beforeUpgrade, now.minus(17, ChronoUnit.MINUTES));
        // every 30 minutes in the README; three since, so neither is among the newest 3 nor the newest of its day
        for (int minutesAgo : List.of(15, 10, 5)) {
            startedAt(scheduled("wiki"), now.minus(minutesAgo, ChronoUnit.MINUTES));
        }
        Instant threeDaysAgo = now.truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);
        String superseded = scheduled("wiki");
        startedAt(superseded, threeDaysAgo.plus(10, ChronoUnit.HOURS));
        String newestThatDay = scheduled("wiki");
        startedAt(newestThatDay, threeDaysAgo.plus(11, ChronoUnit.HOURS));
        long sweepsBefore = history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count();
        String retentionEvents = "select count(*) from audit_event where subject like 'retention-sweep/%'";
        long auditBefore = jdbc.queryForObject(retentionEvents, Long.class);

        ResponseEntity<Map<String, Object>> dryRun = post("operator", "/api/retention/sweeps", Map.of("dryRun", true));

        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> wiki = service(dryRun.getBody(), "wiki");
        assertThat(wiki).containsEntry("backups", 7).containsEntry("deletions", 1).containsEntry("needsApproval", false);
        assertThat(decision(wiki, beforeUpgrade)).containsEntry("action", "keep").containsEntry("trigger", "manual")
                .containsEntry("rules", List.of("minimum-age"));
        assertThat(decision(wiki, emergency)).containsEntry("action", "keep").hasEntrySatisfying("reasons", reasons ->
                assertThat((String) reasons).startsWith("minimum-age: emergency backup of incident " + incident + ", resolved "));
        assertThat(decision(wiki, superseded)).containsEntry("action", "delete").containsEntry("rules", List.of("gfs"));
        assertThat(decision(wiki, newestThatDay)).containsEntry("rules", List.of("daily", "weekly", "monthly"));
        assertThat(archive("wiki", superseded)).as("a dry run deletes nothing").exists();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count())
                .as("nor starts a sweep").isEqualTo(sweepsBefore);
        assertThat(jdbc.queryForObject(retentionEvents, Long.class)).as("nor audits").isEqualTo(auditBefore);

        String sweep = (String) post("operator", "/api/retention/sweeps", null).getBody().get("id");
        await().atMost(SOON).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(sweep).finished().count() == 1);

        assertThat(archive("wiki", superseded)).doesNotExist();
        for (String kept : List.of(beforeUpgrade, emergency, newestThatDay)) {
            assertThat(archive("wiki", kept)).as(kept).exists();
        }
        assertThat(jdbc.queryForObject("select rules from retention_decision where sweep_id = ? and backup_id = ?",
                String.class, sweep, beforeUpgrade)).isEqualTo("minimum-age");
        assertThat(summary(sweep)).contains("wiki: kept 6 (keep-last 3, minimum-age 2, daily 1), deleted 1");
        assertThat(getList("auditor", "/api/audit/events?subject=backup/" + superseded)).anySatisfy(event -> assertThat(event)
                .containsEntry("action", "backup.deleted")
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).startsWith("retention: gfs: GFS daily 30")));
    }

    @Test
    void aBodyOtherThanADryRunFlagIsRefusedAndStartsNothing() {
        long sweepsBefore = history.createHistoricProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).count();

        ResponseEntity<Map<String, Object>> misspelt = post("operator", "/api/retention/sweeps", Map.of("dryrun", true));
        ResponseEntity<Map<String, Object>> notABoolean = post("operator", "/api/retention/sweeps", Map.of("dryRun", "yes"));

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
        operatingApprover();
        Instant oldDay = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(5, ChronoUnit.DAYS);
        for (int i = 0; i < 3; i++) {
            scheduled("notes");
            scheduled("handbook");
        }
        List<String> notesGoing = new java.util.ArrayList<>();
        for (int hour = 1; hour <= 6; hour++) {
            String backup = scheduled("notes");
            startedAt(backup, oldDay.plus(hour, ChronoUnit.HOURS));
            if (hour < 6) {
                notesGoing.add(backup);
            }
        }
        String handbookGoing = scheduled("handbook");
        startedAt(handbookGoing, oldDay.plus(1, ChronoUnit.HOURS));
        startedAt(scheduled("handbook"), oldDay.plus(2, ChronoUnit.HOURS));

        String first = (String) post(OPERATING_APPROVER, "/api/retention/sweeps", Map.of("dryRun", false)).getBody().get("id");
        Map<String, Object> task = approvalTask(first);

        assertThat((String) variable(task, "deletionsToApprove")).startsWith("notes: 5 of 9 backups would be deleted\n- ")
                .contains(notesGoing).doesNotContain("handbook");
        assertThat(variable(task, "requester")).isEqualTo(OPERATING_APPROVER);
        assertThat(archive("handbook", handbookGoing)).as("nothing goes before the decision").exists();
        ResponseEntity<String> own = complete(OPERATING_APPROVER, task, true, "");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(own.getBody()).contains(OPERATING_APPROVER + " asked for process instance " + first);
        ResponseEntity<String> withoutNote = complete("approver", task, false, " ");
        assertThat(withoutNote.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withoutNote.getBody()).contains("a rejection needs a note");

        assertThat(complete("approver", task, false, "the wiki migration still reads them").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        await().atMost(SOON).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(first).finished().count() == 1);

        assertThat(archive("handbook", handbookGoing)).as("a service within the fraction goes ahead").doesNotExist();
        notesGoing.forEach(backup -> assertThat(archive("notes", backup)).as(backup).exists());
        assertThat(summary(first)).contains("notes: kept 9 (keep-last 3, daily 1), deleted 0; 5 deletions rejected by approver:"
                + " the wiki migration still reads them");
        assertThat(getList("auditor", "/api/audit/events?subject=retention-sweep/" + first))
                .filteredOn(event -> "retention.deletions-rejected".equals(event.get("action"))).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("actor", "approver").containsEntry("service", "notes")
                        .containsEntry("reason", "the wiki migration still reads them"));

        String second = (String) post("operator", "/api/retention/sweeps", null).getBody().get("id");
        assertThat(complete("approver2", approvalTask(second), true, "migration done").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        await().atMost(SOON).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(second).finished().count() == 1);

        notesGoing.forEach(backup -> assertThat(archive("notes", backup)).as(backup).doesNotExist());
        assertThat(summary(second)).contains("notes: kept 4 (keep-last 3, daily 1), deleted 5");
        assertThat(getList("auditor", "/api/audit/events?subject=retention-sweep/" + second))
                .filteredOn(event -> "retention.deletions-approved".equals(event.get("action"))).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("actor", "approver2").containsEntry("service", "notes"));
    }

    private Map<String, Object> approvalTask(String sweep) {
        return await().atMost(SOON).until(() -> {
            List<Map<String, Object>> tasks = getList("approver", "/engine-rest/task?processInstanceId=" + sweep);
            return tasks.isEmpty() ? null : tasks.get(0);
        }, task -> task != null);
    }

    private String scheduled(String service) {
        return awaitSucceeded(((BackupService.Outcome.Started) backups.request(service, BackupTrigger.SCHEDULE, "schedule",
                "system:scheduler")).backupId());
    }

    private String manual(String service, String reason) {
        ResponseEntity<Map<String, Object>> started = post("operator", "/api/backups", Map.of("service", service, "reason", reason));
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        return awaitSucceeded((String) started.getBody().get("id"));
    }

    private String awaitSucceeded(String id) {
        await().atMost(SOON).until(() -> !"RUNNING".equals(backup(id).get("status")));
        assertThat(backup(id)).containsEntry("status", "SUCCEEDED");
        return id;
    }

    private void operatingApprover() {
        if (identity.createUserQuery().userId(OPERATING_APPROVER).count() == 0) {
            User user = identity.newUser(OPERATING_APPROVER);
            user.setPassword(OPERATING_APPROVER);
            identity.saveUser(user);
            identity.createMembership(OPERATING_APPROVER, Roles.OPERATORS);
            identity.createMembership(OPERATING_APPROVER, Roles.APPROVERS);
        }
    }

    private void startedAt(String backupId, Instant at) {
        jdbc.update("update backup set started_at = ? where id = ?", OffsetDateTime.ofInstant(at, ZoneOffset.UTC), backupId);
    }

    private Path archive(String service, String backupId) {
        return Path.of(environment.getRequiredProperty("lifeboat.storage.targets.local.path"))
                .resolve(service + "/files/articles/" + backupId + ".tar.gz");
    }

    private String summary(String sweep) {
        return (String) history.createHistoricVariableInstanceQuery().processInstanceId(sweep).variableName("summary")
                .singleResult().getValue();
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

    private Map<String, Object> backup(String id) {
        return exchange("auditor", HttpMethod.GET, "/api/backups/" + id, null).getBody();
    }

    private Object variable(Map<String, Object> task, String name) {
        return exchange("approver", HttpMethod.GET, "/engine-rest/task/" + task.get("id") + "/variables/" + name, null)
                .getBody().get("value");
    }

    /** As the approval form submits it: the decision and the note. */
    private ResponseEntity<String> complete(String user, Map<String, Object> task, boolean approved, String note) {
        Map<String, Object> body = Map.of("variables", Map.of("approved", Map.of("value", approved),
                "decisionNote", Map.of("value", note)));
        return http.withBasicAuth(user, user).exchange("/engine-rest/task/" + task.get("id") + "/complete", HttpMethod.POST,
                new HttpEntity<>(body), String.class);
    }

    private ResponseEntity<Map<String, Object>> post(String user, String path, Object body) {
        return exchange(user, HttpMethod.POST, path, body);
    }

    private ResponseEntity<Map<String, Object>> exchange(String user, HttpMethod method, String path, Object body) {
        return http.withBasicAuth(user, user).exchange(path, method, body == null ? null : new HttpEntity<>(body),
                new ParameterizedTypeReference<>() { });
    }

    private List<Map<String, Object>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
