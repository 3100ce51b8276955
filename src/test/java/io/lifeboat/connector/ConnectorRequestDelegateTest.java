package io.lifeboat.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.TestDataDirectory;
import io.lifeboat.incident.Incident.TimelineEntry;
import io.lifeboat.incident.IncidentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code ${connectorRequest}} in the engine on H2, its jobs run by the test: one outbox message per step whatever the
 * engine retries, its payload the task's input parameters; a connector without settings queues nothing, says so on
 * the incident's timeline and lets the runbook go on; an unknown operation is refused when deployed or when run.
 * PagerDuty has a routing key here; ServiceNow has no settings; the dispatcher is off, so messages stay queued.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:connector-request-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false",
        "lifeboat.connectors.outbox.enabled=false",
        // deployed at start-up as the bundled runbooks are, so ConnectorRequestCheck runs while the context starts
        "lifeboat.processes-dir=src/test/resources/connector/request-step-processes",
        // escaped twice: once for the properties format of this text, once for Spring's placeholders
        "lifeboat.connectors.pagerduty.routing-key-ref=\\\\${env:PD_ROUTING_KEY}"})
class ConnectorRequestDelegateTest {

    private static final AtomicInteger KEYS = new AtomicInteger();

    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IncidentRepository incidents;
    @Autowired
    ObjectMapper json;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "connector-request");
    }

    @Test
    void theStepQueuesOneMessageWithItsInputsAsPayloadHoweverOftenItRuns() throws Exception {
        String businessKey = "backup-failed-" + KEYS.incrementAndGet();
        String instance = start(businessKey);

        assertThatThrownBy(() -> runJob(instance, "Trigger")).hasMessageContaining("the first run of FailsOnce fails");
        assertThat(messages(businessKey + ":Trigger")).as("rolled back with the failed job").isEmpty();
        runJob(instance, "Trigger");
        // run the step once more, as an operator moving the token back would
        runtime.createProcessInstanceModification(instance).startBeforeActivity("Trigger").execute();
        runJob(instance, "Trigger");

        List<Map<String, Object>> queued = messages(businessKey + ":Trigger");
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0)).containsEntry("CONNECTOR", "pagerduty").containsEntry("OPERATION", "event.trigger")
                .containsEntry("SUBJECT", businessKey).containsEntry("STATE", "PENDING");
        // the empty key and source are left out, and so is the process variable "component", which is no input
        assertThat(json.readTree((String) queued.get(0).get("PAYLOAD"))).isEqualTo(json.readTree("""
                {"service": "ticket-db", "summary": "Backup of ticket-db failed", "severity": "critical",
                 "dedupKey": "%s", "details": {"tier": "1"}}""".formatted(businessKey)));
    }

    @Test
    void aConnectorWithoutSettingsQueuesNothingNotesItOnTheIncidentAndTheRunbookGoesOn() {
        String incidentId = "INC-REQ-" + KEYS.incrementAndGet();
        incidents.open(incidentId, "ticket-db", "critical", "ticket-db down", "alertmanager", Instant.now());
        String instance = start(incidentId);
        runUntilNoteAsynchronous(instance);

        runJob(instance, "Note");

        assertThat(messages(incidentId + ":Note")).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).as("ended").isZero();
        assertThat(incidents.find(incidentId).orElseThrow().timeline()).extracting(TimelineEntry::actor, TimelineEntry::kind,
                TimelineEntry::text).contains(tuple("system:connectors", "connector",
                "ServiceNow not configured"));
    }

    @Test
    void withoutAnIncidentTheUnconfiguredConnectorIsSkippedQuietly() {
        String businessKey = "restore-" + KEYS.incrementAndGet();
        String instance = start(businessKey);
        runUntilNoteAsynchronous(instance);

        runJob(instance, "Note");

        assertThat(messages(businessKey + ":Note")).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).as("ended").isZero();
    }

    @Test
    void anUnknownOperationWrittenInTheDiagramIsRefusedWhenDeployed() {
        BpmnModelInstance typo = step("connector-request-typo", "pagerduty", "event.triger");

        assertThatThrownBy(() -> repository.createDeployment().addModelInstance("typo.bpmn", typo).deploy())
                .hasMessageContaining("task Page (connectorRequest): connector pagerduty has no operation 'event.triger'");
        assertThatThrownBy(() -> repository.createDeployment()
                .addModelInstance("unknown.bpmn", step("connector-request-unknown", "jira", "issue.create")).deploy())
                .hasMessageContaining("task Page (connectorRequest): connector 'jira' is not one of [http, pagerduty, servicenow]");
    }

    @Test
    void anUnknownOperationGivenAsAnExpressionFailsTheStepNamingIt() {
        repository.createDeployment().addModelInstance("by-expression.bpmn",
                step("connector-request-by-expression", "pagerduty", "${operation}")).deploy();
        String instance = runtime.startProcessInstanceByKey("connector-request-by-expression", "by-expression-" + KEYS.incrementAndGet(),
                Map.of("operation", "event.explode")).getId();

        assertThatThrownBy(() -> runJob(instance, "Page")).hasMessageContaining("connector pagerduty has no operation 'event.explode'");
    }

    private String start(String businessKey) {
        return runtime.startProcessInstanceByKey("connector-request-step", businessKey, Variables.createVariables()
                .putValue("serviceId", "ticket-db").putValue("component", "not an input")).getId();
    }

    /** Trigger's first run fails in FailsOnce, the second reaches Note's async boundary. */
    private void runUntilNoteAsynchronous(String instance) {
        assertThatThrownBy(() -> runJob(instance, "Trigger")).hasMessageContaining("fails");
        runJob(instance, "Trigger");
    }

    private void runJob(String instance, String activity) {
        Job job = management.createJobQuery().processInstanceId(instance).activityId(activity).singleResult();
        assertThat(job).as("the job before %s", activity).isNotNull();
        management.executeJob(job.getId());
    }

    private List<Map<String, Object>> messages(String key) {
        return jdbc.queryForList("select * from connector_outbox where idempotency_key = ?", key);
    }

    private static BpmnModelInstance step(String process, String connector, String operation) {
        return Bpmn.createExecutableProcess(process).camundaHistoryTimeToLive(1).startEvent()
                .serviceTask("Page").camundaAsyncBefore().camundaDelegateExpression("${connectorRequest}")
                .camundaInputParameter("connector", connector).camundaInputParameter("operation", operation)
                .camundaInputParameter("service", "ticket-db").camundaInputParameter("summary", "down")
                .camundaInputParameter("severity", "critical")
                .endEvent().done();
    }
}
