package io.lifeboat.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.security.Roles;

import static io.lifeboat.connector.ConnectorDeliveryRunbook.Element.DecideDelivery;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Element.DeliveryDiscarded;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Element.DeliveryRetried;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Element.DiscardDelivery;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Element.RetryDelivery;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.ATTEMPTS;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.CONNECTOR;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DECIDED_BY;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DECISION;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.DISCARD_REASON;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.LAST_ERROR;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.MESSAGE_ID;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.OPERATION;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.REQUEST;
import static io.lifeboat.connector.ConnectorDeliveryRunbook.Variables.SUBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Every path of the {@code connector-delivery} runbook on the engine alone. The decision's task listener is the real
 * one (it refuses answers and names the decider); the effects are stand-ins recording what they were asked.
 */
@Deployment(resources = {"processes/connector-delivery.bpmn", "processes/forms/connector-delivery.form"})
class ConnectorDeliveryRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private final List<String> ran = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        Mocks.register("decideConnectorDelivery", new ConnectorDeliveryDelegates().decideConnectorDelivery());
        Mocks.register("retryConnectorMessage", (JavaDelegate) execution -> ran.add("retry " + MESSAGE_ID.from(execution)
                + " by " + DECIDED_BY.from(execution)));
        Mocks.register("discardConnectorMessage", (JavaDelegate) execution -> ran.add("discard " + MESSAGE_ID.from(execution)
                + " by " + DECIDED_BY.from(execution) + ": " + DISCARD_REASON.from(execution)));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        identityService().clearAuthentication();
    }

    @Test
    void anOperatorSendsTheMessageAgainAfterAnAsyncBoundary() {
        ProcessInstance delivery = start();
        assertThat(delivery).isWaitingAt(DecideDelivery.id()).task().hasCandidateGroup(ConnectorDeliveryRunbook.CANDIDATE_GROUP);
        assertThat(deployedForm(task(delivery).getId())).contains("\"id\": \"connector-delivery\"", "{{request}}",
                "{{lastError}}", "{{attempts}}", "{{subject}}", "\"key\": \"decision\"", "\"key\": \"discardReason\"");

        decide(delivery, "operator", Map.of(DECISION.name(), ConnectorDeliveryRunbook.RETRY));
        assertThat(delivery).isWaitingAt(RetryDelivery.id());
        assertThat(ran).isEmpty();
        execute(job(delivery));

        assertThat(delivery).isEnded().hasPassedInOrder(DecideDelivery.id(), RetryDelivery.id(), DeliveryRetried.id());
        assertThat(ran).containsExactly("retry 7 by operator");
    }

    @Test
    void anOperatorDiscardsTheMessageWithAReason() {
        ProcessInstance delivery = start();
        decide(delivery, "operator", Map.of(DECISION.name(), ConnectorDeliveryRunbook.DISCARD,
                DISCARD_REASON.name(), "  incident closed by hand in ServiceNow  "));
        execute(job(delivery));

        assertThat(delivery).isEnded().hasPassedInOrder(DecideDelivery.id(), DiscardDelivery.id(), DeliveryDiscarded.id())
                .hasNotPassed(RetryDelivery.id());
        assertThat(ran).containsExactly("discard 7 by operator: incident closed by hand in ServiceNow");
    }

    @Test
    void aDiscardWithoutAReasonIsRefusedAndTheTaskStaysOpen() {
        ProcessInstance delivery = start();

        assertThatThrownBy(() -> decide(delivery, "operator", Map.of(DECISION.name(), ConnectorDeliveryRunbook.DISCARD,
                DISCARD_REASON.name(), " ")))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("discardReason is required");
        assertThat(delivery).isWaitingAt(DecideDelivery.id());
    }

    @Test
    void anAnswerThatIsNeitherRetryNorDiscardIsRefused() {
        ProcessInstance delivery = start();

        assertThatThrownBy(() -> decide(delivery, "operator", Map.of(DECISION.name(), "later")))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("'retry' or 'discard', not 'later'");
        assertThatThrownBy(() -> decide(delivery, "operator", Map.of()))
                .isInstanceOf(RefusedAnswer.class).hasMessageContaining("not missing");
        assertThat(delivery).isWaitingAt(DecideDelivery.id());
    }

    @Test
    void aDecisionNobodyCanBeNamedForIsRefused() {
        ProcessInstance delivery = start();

        assertThatThrownBy(() -> taskService().complete(task(delivery).getId(),
                withVariables(DECISION.name(), ConnectorDeliveryRunbook.RETRY)))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("authenticated user");
        assertThat(delivery).isWaitingAt(DecideDelivery.id());
    }

    private static ProcessInstance start() {
        return runtimeService().startProcessInstanceByKey(ConnectorDeliveryRunbook.KEY, "INC-42:incident.open", withVariables(
                MESSAGE_ID.name(), 7L, CONNECTOR.name(), "servicenow", OPERATION.name(), "incident.open",
                SUBJECT.name(), "INC-42", REQUEST.name(), "{\n  \"short_description\" : \"ticket-db down\"\n}",
                ATTEMPTS.name(), 8, LAST_ERROR.name(), "servicenow: HTTP 503 Service Unavailable"));
    }

    private static void decide(ProcessInstance delivery, String user, Map<String, Object> answers) {
        identityService().setAuthentication(user, List.of(Roles.OPERATORS));
        try {
            taskService().complete(task(delivery).getId(), answers);
        } finally {
            identityService().clearAuthentication();
        }
    }

    private static String deployedForm(String taskId) {
        try (InputStream form = formService().getDeployedTaskForm(taskId)) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
