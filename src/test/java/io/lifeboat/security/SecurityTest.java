package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.BasicAuth;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupTrigger;

/** The whole application in the demo profile on an in-memory H2, called over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:security-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false"})
@ActiveProfiles("demo")
// /actuator/prometheus exists: Spring Boot tests turn metrics export off unless asked
@AutoConfigureObservability
class SecurityTest {

    private static final String PROBE = "security-probe";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repositoryService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    LifeboatGroups lifeboatGroups;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    BackupService backupService;
    @Autowired
    ManagementService managementService;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "security-test");
    }

    @BeforeEach
    void deployProbeProcess() {
        if (repositoryService.createProcessDefinitionQuery().processDefinitionKey(PROBE).count() == 0) {
            repositoryService.createDeployment()
                    .addModelInstance(PROBE + ".bpmn", Bpmn.createExecutableProcess(PROBE)
                            .camundaHistoryTimeToLive(1)
                            .startEvent().userTask("wait").name("Wait").camundaCandidateGroups(Roles.COMMANDERS).endEvent()
                            .done())
                    .deploy();
        }
    }

    @Test
    void anonymousCallsToTheApisGetA401WithABasicChallenge() throws Exception {
        for (String path : List.of("/api/audit/verify", "/engine-rest/process-definition")) {
            HttpResponse<String> response = get(path, null, null);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"lifeboat\"");
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("error").asText()).isEqualTo("unauthorized");
            assertThat(body.path("detail").asText()).isNotBlank();
        }
    }

    @Test
    void aWrongPasswordGetsA401ThatDoesNotEchoIt() throws Exception {
        HttpResponse<String> response = get("/api/audit/verify", "approver2", "not-the-password");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"lifeboat\"");
        assertThat(json.readTree(response.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(response.body()).doesNotContain("not-the-password");
    }

    @Test
    void anAuditorVerifiesTheTrail() throws Exception {
        HttpResponse<String> response = get("/api/audit/verify", "auditor", "auditor");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("valid").asBoolean()).isTrue();
        assertThat(body.has("events")).isTrue();
        assertThat(body.has("firstBrokenId")).isTrue();
        assertThat(body.has("checkpointedUpTo")).isTrue();
        assertThat(body.has("checkpointedEventsMissing")).isTrue();
        assertThat(body.path("problems").isArray()).isTrue();
    }

    @Test
    void anAuditorReadsOneSubjectsEventsOldestFirst() throws Exception {
        String subject = "backup/bk-" + UUID.randomUUID();
        auditTrail.append(new AuditRecord("operator", "backup.requested", subject, "crm", "api", "before change", null));
        auditTrail.append(new AuditRecord("operator", "backup.requested", "backup/bk-other", "crm", "api", null, null));
        auditTrail.append(new AuditRecord("system:engine", "backup.succeeded", subject, "crm", "api", null, "ok"));

        HttpResponse<String> response = get("/api/audit/events?subject=" + subject, "auditor", "auditor");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = json.readTree(response.body());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("action").asText()).isEqualTo("backup.requested");
        assertThat(events.get(0).path("trigger").asText()).isEqualTo("api");
        assertThat(events.get(1).path("action").asText()).isEqualTo("backup.succeeded");
        assertThat(events.get(1).path("occurredAt").asText()).endsWith("Z");
    }

    @Test
    void aUserInNoLifeboatGroupGetsA403() throws Exception {
        if (identityService.createUserQuery().userId("outsider").count() == 0) {
            User outsider = identityService.newUser("outsider");
            outsider.setPassword("a-long-unguessable-phrase");
            identityService.saveUser(outsider);
        }

        HttpResponse<String> response = get("/api/audit/verify", "outsider", "a-long-unguessable-phrase");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json.readTree(response.body()).path("error").asText()).isEqualTo("forbidden");
    }

    @Test
    void anOperatorListsProcessDefinitionsThroughEngineRest() throws Exception {
        HttpResponse<String> response = get("/engine-rest/process-definition", "operator", "operator");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).findValuesAsText("key")).contains("backup").doesNotContain(PROBE);
    }

    @Test
    void peopleCannotStartModifyOrSuspendRunbooksThroughEngineRestButAdminsCan() throws Exception {
        String start = "/engine-rest/process-definition/key/" + PROBE + "/start";
        long before = runtimeService.createProcessInstanceQuery().processDefinitionKey(PROBE).count();
        for (String user : List.of("operator", "commander", "approver", "auditor", "agent")) {
            // 404 for those who may not even see the definition
            assertThat(post(start, user, user, "{}").statusCode()).as(user).isIn(403, 404);
        }
        assertThat(post("/engine-rest/process-definition/key/backup/start", "operator", "operator",
                "{\"variables\": {\"trigger\": {\"value\": \"emergency\"}, \"initiator\": {\"value\": \"commander\"}}}")
                .statusCode()).isEqualTo(403);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROBE).count()).isEqualTo(before);

        String instance = json.readTree(post(start, "admin", "admin", "{}").body()).path("id").asText();
        String variable = "/engine-rest/process-instance/" + instance + "/variables/requester";
        String suspend = "/engine-rest/process-instance/" + instance + "/suspended";
        for (String user : List.of("operator", "commander", "approver", "auditor", "agent")) {
            assertThat(put(variable, user, "{\"value\": \"commander\", \"type\": \"String\"}").statusCode()).as(user).isEqualTo(403);
            assertThat(put(suspend, user, "{\"suspended\": true}").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(runtimeService.getVariable(instance, "requester")).isNull();
        assertThat(put(variable, "admin", "{\"value\": \"x\", \"type\": \"String\"}").statusCode()).isEqualTo(204);
    }

    @Test
    void onlyATasksCandidatesCompleteItNotEvenAnAdmin() throws Exception {
        String instance = runtimeService.startProcessInstanceByKey(PROBE).getId();
        String task = json.readTree(get("/engine-rest/task?processInstanceId=" + instance, "commander", "commander").body())
                .get(0).path("id").asText();
        for (String user : List.of("approver", "operator", "auditor", "admin")) {
            HttpResponse<String> refused = post("/engine-rest/task/" + task + "/complete", user, user, "{}");
            assertThat(refused.statusCode()).as(user).isEqualTo(403);
            assertThat(json.readTree(refused.body()).path("type").asText()).as(user).isEqualTo("AuthorizationException");
        }
        assertThat(post("/engine-rest/task/" + task + "/complete", "agent", "agent", "{}").statusCode()).isEqualTo(403);
        assertThat(json.readTree(post("/engine-rest/task/" + task + "/complete", "admin", "admin", "{}").body())
                .path("message").asText()).isEqualTo("admin may not complete 'Wait': it is offered to [group commanders]");
        assertThat(get("/engine-rest/task?processInstanceId=" + instance, "approver", "approver").body()).isEqualTo("[]");

        assertThat(post("/engine-rest/task/" + task + "/complete", "commander", "commander", "{}").statusCode()).isEqualTo(204);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instance).count()).isZero();
    }

    @Test
    void agentsWorkExternalTasksOfTheAgentTopicsAndNothingElse() throws Exception {
        String fetch = "/engine-rest/external-task/fetchAndLock";
        HttpResponse<String> backupTopics = post(fetch, "agent", "agent", """
                {"workerId": "a1", "maxTasks": 1, "topics": [{"topicName": "backup-agent", "lockDuration": 1000},
                 {"topicName": "backup-delete", "lockDuration": 1000}]}""");
        assertThat(backupTopics.statusCode()).isEqualTo(200);
        assertThat(json.readTree(backupTopics.body()).isArray()).isTrue();

        HttpResponse<String> otherTopic = post(fetch, "agent", "agent", """
                {"workerId": "a1", "maxTasks": 1, "topics": [{"topicName": "backup-agent", "lockDuration": 1000},
                 {"topicName": "payroll", "lockDuration": 1000}]}""");
        assertThat(otherTopic.statusCode()).isEqualTo(403);
        assertThat(json.readTree(otherTopic.body()).path("detail").asText())
                .isEqualTo("agents may only fetch and lock the topics [backup-agent, backup-delete, backup-restore, backup-verify, drill]");
        assertThat(post(fetch, "agent", "agent", "not json").statusCode()).isEqualTo(403);
        assertThat(get("/engine-rest/process-instance", "agent", "agent").statusCode()).isEqualTo(403);
        assertThat(get("/api/backups", "agent", "agent").statusCode()).isEqualTo(403);
        assertThat(post("/engine-rest/external-task/no-such-task/complete", "agent", "agent", "{\"workerId\": \"a1\"}")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anOperatorRetriesAFailedStepOfABackupButChangesNothingElse() throws Exception {
        String backup = backupService.request("knowledge-base", BackupTrigger.MANUAL, "retry probe", "operator") instanceof
                BackupService.Outcome.Started started ? started.processInstanceId() : null;
        assertThat(backup).as("the backup started").isNotNull();
        String job = managementService.createJobQuery().processInstanceId(backup).singleResult().getId();
        managementService.setJobRetries(job, 0);
        String retries = "/engine-rest/job/" + job + "/retries";

        for (String user : List.of("commander", "approver", "auditor", "agent")) {
            assertThat(put(retries, user, "{\"retries\": 1}").statusCode()).as(user).isIn(403, 404);
        }
        assertThat(put(retries, "operator", "{\"retries\": 1}").statusCode()).isEqualTo(204);
        assertThat(managementService.createJobQuery().jobId(job).singleResult().getRetries()).isEqualTo(1);
        assertThat(put("/engine-rest/process-instance/" + backup + "/suspended", "operator", "{\"suspended\": true}")
                .statusCode()).isEqualTo(403);
        runtimeService.deleteProcessInstance(backup, "retry probe done");
    }

    @Test
    void historyIsReadByAuditorsAndByTheGroupsThatWorkARunbooksTasks() throws Exception {
        String instance = runtimeService.startProcessInstanceByKey(PROBE,
                Variables.createVariables().putValue("secretish", "probe")).getId();
        String history = "/engine-rest/history/variable-instance?processInstanceId=" + instance;

        assertThat(json.readTree(get(history, "auditor", "auditor").body())).hasSize(1);
        for (String user : List.of("operator", "approver", "commander", "agent")) {
            HttpResponse<String> response = get(history, user, user);
            assertThat(response.statusCode() == 403 || "[]".equals(response.body())).as(user + ": " + response.body()).isTrue();
        }
    }

    @Test
    void prometheusScrapesWithItsTokenOrAUserAndNobodyElse() throws Exception {
        String token = Files.readString(Path.of("runbooks/secrets/demo-scrape.token")).trim();

        assertThat(bearer("/actuator/prometheus", token).statusCode()).isEqualTo(200);
        assertThat(bearer("/actuator/prometheus", token).body()).contains("lifeboat_intake_failing_alerts");
        assertThat(bearer("/actuator/prometheus", token + "x").statusCode()).isEqualTo(401);
        assertThat(bearer("/actuator/metrics", token).statusCode()).as("the token opens the scrape only").isEqualTo(401);
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "auditor", "auditor").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", "approver", "approver").statusCode()).isEqualTo(403);
    }

    @Test
    void oddSpellingsOfAPathAreRefusedWithA4xxAndNoStackTrace() throws Exception {
        for (String path : List.of("//engine-rest/task", "/%65ngine-rest/task", "/engine-rest;/task",
                "/api/../engine-rest/task", "/api/backups/%2e%2e/x")) {
            HttpResponse<String> response = get(path, "operator", "operator");
            assertThat(response.statusCode()).as(path).isBetween(400, 404);
            assertThat(response.body()).as(path).doesNotContain("Exception", "at org.", "at java.");
        }
        // spelled so, the path once slipped past the engine authentication: the engine then checked nothing
        long before = runtimeService.createProcessInstanceQuery().processDefinitionKey(PROBE).count();
        assertThat(post("/%65ngine-rest/process-definition/key/" + PROBE + "/start", "operator", "operator", "{}")
                .statusCode()).isEqualTo(400);
        assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey(PROBE).count()).isEqualTo(before);
    }

    @Test
    void theCamundaWebappsAndHealthNeedNoBasicAuthentication() throws Exception {
        HttpResponse<String> tasklist = get("/camunda/app/tasklist/", null, null);
        assertThat(tasklist.statusCode()).isEqualTo(200);
        assertThat(tasklist.body()).containsIgnoringCase("tasklist");

        HttpResponse<String> health = get("/actuator/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void eachGroupHasWhatItsWorkNeedsAndNoMore() {
        assertAllowed("operator", Roles.OPERATORS, Permissions.ACCESS, Resources.APPLICATION, "cockpit");
        assertAllowed("operator", Roles.OPERATORS, ProcessDefinitionPermissions.RETRY_JOB, Resources.PROCESS_DEFINITION, "backup");
        assertAllowed("operator", Roles.OPERATORS, ProcessDefinitionPermissions.READ_INSTANCE, Resources.PROCESS_DEFINITION, "backup");
        assertDenied("operator", Roles.OPERATORS, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "backup");
        assertDenied("operator", Roles.OPERATORS, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, "backup");
        assertDenied("operator", Roles.OPERATORS, ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance");
        assertDenied("operator", Roles.OPERATORS, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, "backup-deletion");
        assertAllowed("approver", Roles.APPROVERS, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, "backup-deletion");
        assertDenied("approver", Roles.APPROVERS, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, "incident-response");
        assertDenied("approver", Roles.APPROVERS, ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, PROBE);
        assertDenied("commander", Roles.COMMANDERS, ProcessDefinitionPermissions.UPDATE_TASK, Resources.PROCESS_DEFINITION, PROBE);
        assertDenied("approver", Roles.APPROVERS, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, PROBE);
        assertDenied("approver", Roles.APPROVERS, Permissions.ACCESS, Resources.APPLICATION, "cockpit");
        assertAllowed("agent", Roles.AGENTS, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "backup");
        // the runbooks with agent topics: backup, and the deletion's and the sweep's delete task
        assertAllowed("agent", Roles.AGENTS, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "backup-deletion");
        assertAllowed("agent", Roles.AGENTS, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "retention-sweep");
        assertDenied("agent", Roles.AGENTS, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "incident-response");
        assertAllowed("auditor", Roles.AUDITORS, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, PROBE);
        assertAllowed("auditor", Roles.AUDITORS, Permissions.READ, Resources.DEPLOYMENT, "any-deployment");
        assertDenied("auditor", Roles.AUDITORS, Permissions.ACCESS, Resources.APPLICATION, "tasklist");
        assertDenied("auditor", Roles.AUDITORS, ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, PROBE);
        assertDenied("auditor", Roles.AUDITORS, ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance");
        assertAllowed("admin", Roles.CAMUNDA_ADMIN, Permissions.ALL, Resources.AUTHORIZATION, "any");
        for (String group : List.of(Roles.COMMANDERS, Roles.APPROVERS, Roles.OPERATORS)) {
            assertAllowed("someone", group, Permissions.READ, Resources.FILTER, "any-filter");
        }
    }

    @Test
    void aGrantAnOlderLifeboatGaveIsTakenBackAtStartUp() {
        Authorization old = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        old.setGroupId(Roles.APPROVERS);
        old.setResource(Resources.PROCESS_INSTANCE);
        old.setResourceId(Authorization.ANY);
        old.addPermission(ProcessInstancePermissions.UPDATE);
        authorizationService.saveAuthorization(old);
        assertAllowed("approver", Roles.APPROVERS, ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance");

        lifeboatGroups.reconcile();

        assertDenied("approver", Roles.APPROVERS, ProcessInstancePermissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance");
    }

    @Test
    void startUpTwiceCreatesNothingTwice() {
        long authorizations = authorizationService.createAuthorizationQuery().count();

        lifeboatGroups.reconcile();

        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
        assertThat(identityService.createGroupQuery().groupIdIn(Roles.ALL.toArray(String[]::new)).count()).isEqualTo(6);
        assertThat(identityService.createUserQuery().memberOfGroup(Roles.APPROVERS).list())
                .extracting(User::getId).containsExactlyInAnyOrder("approver", "approver2");
    }

    private void assertAllowed(String user, String group, Permission permission, Resource resource, String id) {
        assertThat(authorizationService.isUserAuthorized(user, List.of(group), permission, resource, id))
                .as("%s (%s) %s on %s %s", user, group, permission.getName(), resource.resourceName(), id).isTrue();
    }

    private void assertDenied(String user, String group, Permission permission, Resource resource, String id) {
        assertThat(authorizationService.isUserAuthorized(user, List.of(group), permission, resource, id))
                .as("%s (%s) %s on %s %s", user, group, permission.getName(), resource.resourceName(), id).isFalse();
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return send(request(path, user, password).GET());
    }

    private HttpResponse<String> post(String path, String user, String password, String body) throws Exception {
        return send(request(path, user, password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> put(String path, String user, String body) throws Exception {
        return send(request(path, user, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            request.header("Authorization", BasicAuth.header(user, password));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
