package io.lifeboat.incident;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.lifeboat.ProcessTestEngine;
import io.lifeboat.incident.PostMortemActionItems.Item;
import io.lifeboat.incident.PostMortemRunbook.Element;

import static io.lifeboat.incident.PostMortemRunbook.Element.BlamelessReview;
import static io.lifeboat.incident.PostMortemRunbook.Element.ClosePostMortem;
import static io.lifeboat.incident.PostMortemRunbook.Element.DraftPostMortem;
import static io.lifeboat.incident.PostMortemRunbook.Element.EscalateOverdueReview;
import static io.lifeboat.incident.PostMortemRunbook.Element.EscalationAnswered;
import static io.lifeboat.incident.PostMortemRunbook.Element.PostMortemClosed;
import static io.lifeboat.incident.PostMortemRunbook.Element.RecordOverdueReview;
import static io.lifeboat.incident.PostMortemRunbook.Element.RecordReminder;
import static io.lifeboat.incident.PostMortemRunbook.Element.ReminderRecorded;
import static io.lifeboat.incident.PostMortemRunbook.Element.ReviewOverdue;
import static io.lifeboat.incident.PostMortemRunbook.Element.ReviewReminder;
import static io.lifeboat.incident.PostMortemRunbook.Element.TrackActionItem;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ACTION_ITEMS_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DEFERRAL_REASON;
import static io.lifeboat.incident.PostMortemRunbook.Variables.DRAFT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ESCALATION_NOTE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_DUE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_STATUS;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ITEM_TEXT;
import static io.lifeboat.incident.PostMortemRunbook.Variables.OWNER_GROUP;
import static io.lifeboat.incident.PostMortemRunbook.Variables.ROOT_CAUSE;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SEVERITY;
import static io.lifeboat.incident.PostMortemRunbook.Variables.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Every path of the {@code post-mortem} runbook, on the engine alone. The delegates with side effects are stand-ins
 * registered by their bean names; the action item listeners and the task names are the real ones (they need no Spring
 * bean), so parsing, owners and the deferral rule are tested where the reviewer meets them: completing a task.
 * Owners are users and groups of the engine's identity service, made for each test.
 */
@Deployment(resources = {"processes/post-mortem.bpmn", "processes/forms/post-mortem-review.form",
        "processes/forms/post-mortem-action-item.form", "processes/forms/post-mortem-escalation.form"})
class PostMortemRunbookTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessTestEngine.withFullCoverage();

    private static final String INCIDENT = "INC-20261120-0001";
    private static final Instant START = Instant.parse("2026-11-20T10:30:00Z");
    private static final List<String> OWNER_USERS = List.of("alice", "bob");
    private static final String OWNER_GROUP_ID = "dba";

    /** Which delegate ran, in order. */
    private final List<String> ran = new ArrayList<>();
    /** The items as the close step read them. */
    private final List<Item> closedWith = new ArrayList<>();

    @BeforeEach
    void registerDelegates() {
        ClockUtil.setCurrentTime(Date.from(START));
        Mocks.register("draftPostMortem", (JavaDelegate) execution -> {
            ran.add("draftPostMortem");
            DRAFT.set(execution, "# Post-mortem " + INCIDENT_ID.from(execution));
            OWNER_GROUP.set(execution, "servicedesk");
        });
        record("recordReviewReminder");
        record("recordOverdueReview");
        Mocks.register("recordPostMortemDecision", (TaskListener) task -> ran.add("decision:" + task.getTaskDefinitionKey()));
        Mocks.register("closePostMortem", (JavaDelegate) execution -> {
            ran.add("closePostMortem");
            ACTION_ITEMS.optionalFrom(execution).ifPresent(items -> closedWith.addAll(PostMortemActionItems.fromJson(items)));
        });
    }

    @BeforeEach
    void createOwners() {
        OWNER_USERS.forEach(id -> identityService().saveUser(identityService().newUser(id)));
        identityService().saveGroup(identityService().newGroup(OWNER_GROUP_ID));
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        ClockUtil.reset();
        OWNER_USERS.forEach(identityService()::deleteUser);
        identityService().deleteGroup(OWNER_GROUP_ID);
    }

    @Test
    void reviewWithTwoActionItemsClosesWhenOneIsDoneAndOneDeferredWithAReason() {
        ProcessInstance postMortem = startAndDraft();

        complete(task(postMortem), review("alice | 2026-12-01 | Alert on backup age against the RPO\n"
                + "\n"
                + "bob | 2026-12-15 | Rehearse the restore of ticket-db quarterly"));

        List<Task> items = taskQuery().processInstanceId(postMortem.getId()).taskDefinitionKey(TrackActionItem.id())
                .orderByTaskAssignee().asc().list();
        assertThat(items).extracting(Task::getAssignee).containsExactly("alice", "bob");
        assertThat(items.get(0).getDueDate()).isEqualTo(startOfDay("2026-12-01"));
        assertThat(taskService().getVariables(items.get(1).getId()))
                .containsEntry(ITEM_TEXT.name(), "Rehearse the restore of ticket-db quarterly")
                .containsEntry(ITEM_DUE.name(), "2026-12-15");

        taskService().complete(items.get(0).getId(), Map.of(ITEM_STATUS.name(), "done"));
        assertThat(postMortem).isWaitingAt(TrackActionItem.id());
        taskService().complete(items.get(1).getId(), Map.of(ITEM_STATUS.name(), "deferred",
                DEFERRAL_REASON.name(), "needs the new restore sandbox, budgeted for Q1"));

        assertThat(postMortem).isWaitingAt(ClosePostMortem.id());
        execute(job(postMortem));
        assertThat(postMortem).isEnded().hasPassedInOrder(DraftPostMortem.id(), BlamelessReview.id(), TrackActionItem.id(),
                ClosePostMortem.id(), PostMortemClosed.id());
        assertThat(closedWith).containsExactly(
                new Item("alice", LocalDate.parse("2026-12-01"), "Alert on backup age against the RPO", "done", null),
                new Item("bob", LocalDate.parse("2026-12-15"), "Rehearse the restore of ticket-db quarterly", "deferred",
                        "needs the new restore sandbox, budgeted for Q1"));
        assertThat(ran).containsExactly("draftPostMortem", "decision:" + BlamelessReview.id(), "decision:" + TrackActionItem.id(),
                "decision:" + TrackActionItem.id(), "closePostMortem");
    }

    @Test
    void anActionItemOwnedByAGroupIsOfferedToItsMembersAndTasksAreNamedForTheIncidentAndTheItem() {
        ProcessInstance postMortem = startAndDraft();
        assertThat(task(postMortem).getName()).isEqualTo("Blameless review " + INCIDENT + " ticket-db (critical)");

        complete(task(postMortem), review("dba | 2026-12-01 | Rehearse the restore of ticket-db quarterly"));

        Task item = task(postMortem);
        assertThat(item).hasCandidateGroup(OWNER_GROUP_ID).isNotAssigned();
        assertThat(item.getName()).isEqualTo("Action item " + INCIDENT + " ticket-db: Rehearse the restore of ticket-db quarterly");
    }

    @Test
    void anActionItemOwnerWhoIsNeitherAUserNorAGroupRefusesTheReviewNamingTheOwner() {
        ProcessInstance postMortem = startAndDraft();
        Task review = task(postMortem);

        assertThatThrownBy(() -> taskService().complete(review.getId(), review("alice | 2026-12-01 | Alert on backup age\n"
                + "carol | 2026-12-15 | Rehearse the restore")))
                .isInstanceOf(FormFieldValidationException.class)
                .hasMessage("Action item owner 'carol' is neither a user nor a group of Lifeboat: name a user id or a group id.");

        assertThat(postMortem).isWaitingAt(BlamelessReview.id());
        assertThat(runtimeService().getVariable(postMortem.getId(), ACTION_ITEMS.name())).isNull();
    }

    @Test
    void reviewWithoutActionItemsClosesAfterTheReview() {
        ProcessInstance postMortem = startAndDraft();

        complete(task(postMortem), review(""));

        assertThat(postMortem).isWaitingAt(ClosePostMortem.id());
        execute(job(postMortem));
        assertThat(postMortem).isEnded().hasPassed(PostMortemClosed.id()).hasNotPassed(TrackActionItem.id());
        assertThat(closedWith).isEmpty();
    }

    @Test
    void theReviewGoesToTheOwnerGroupDueSeventyTwoHoursAfterTheStartWithTheDraftInItsForm() throws IOException {
        ProcessInstance postMortem = startAndDraft();

        assertThat(postMortem).task().hasCandidateGroup("servicedesk").isNotAssigned();
        Task review = task(postMortem);
        assertThat(review.getDueDate()).isEqualTo(Date.from(START.plus(Duration.ofHours(72))));
        assertThat(review.getFollowUpDate()).isEqualTo(Date.from(START.plus(Duration.ofHours(48))));
        assertThat(formService().getTaskFormVariables(review.getId()).getValue(DRAFT.name(), String.class))
                .isEqualTo("# Post-mortem " + INCIDENT);
        try (InputStream form = formService().getDeployedTaskForm(review.getId())) {
            assertThat(new String(form.readAllBytes(), StandardCharsets.UTF_8)).contains("\"id\": \"post-mortem-review\"");
        }
    }

    @Test
    void remindsAtFortyEightHoursAndEscalatesToCommandersAtSeventyTwo() {
        ProcessInstance postMortem = startAndDraft();
        Job reminder = jobAt(ReviewReminder);
        Job overdue = jobAt(ReviewOverdue);
        assertThat(reminder.getDuedate()).isEqualTo(Date.from(START.plus(Duration.ofHours(48))));
        assertThat(overdue.getDuedate()).isEqualTo(Date.from(START.plus(Duration.ofHours(72))));

        execute(reminder);
        execute(jobAt(RecordReminder));
        assertThat(ran).containsExactly("draftPostMortem", "recordReviewReminder");
        assertThat(postMortem).isWaitingAt(BlamelessReview.id()).hasPassed(ReminderRecorded.id());

        execute(overdue);
        execute(jobAt(RecordOverdueReview));
        assertThat(ran).containsExactly("draftPostMortem", "recordReviewReminder", "recordOverdueReview");
        assertThat(postMortem).isWaitingAt(BlamelessReview.id(), EscalateOverdueReview.id());
        Task escalation = taskQuery().taskDefinitionKey(EscalateOverdueReview.id()).singleResult();
        assertThat(escalation).hasCandidateGroup(PostMortemRunbook.ESCALATION_GROUP);
        assertThat(escalation.getName()).isEqualTo("Escalate overdue review " + INCIDENT + " ticket-db (critical)");

        taskService().complete(escalation.getId(), Map.of(ESCALATION_NOTE.name(), "agreed Friday with the service desk lead"));
        assertThat(postMortem).hasPassed(EscalationAnswered.id()).isWaitingAt(BlamelessReview.id());
        assertThat(ran).endsWith("decision:" + EscalateOverdueReview.id());
    }

    @Test
    void closingEndsAnEscalationThatIsStillOpen() {
        ProcessInstance postMortem = startAndDraft();
        execute(jobAt(ReviewOverdue));
        execute(jobAt(RecordOverdueReview));

        complete(taskQuery().taskDefinitionKey(BlamelessReview.id()).singleResult(), review(""));
        execute(jobAt(ClosePostMortem));

        assertThat(postMortem).isEnded().hasPassed(PostMortemClosed.id()).hasNotPassed(EscalationAnswered.id());
    }

    @Test
    void aDeferralWithoutReasonIsRefusedAndTheItemStaysOpen() {
        ProcessInstance postMortem = startAndDraft();
        complete(task(postMortem), review("alice | 2026-12-01 | Alert on backup age against the RPO"));
        Task item = task(postMortem);

        assertThatThrownBy(() -> taskService().complete(item.getId(), Map.of(ITEM_STATUS.name(), "deferred",
                DEFERRAL_REASON.name(), "  ")))
                .isInstanceOf(FormFieldValidationException.class)
                .hasMessageContaining("Action item 'Alert on backup age against the RPO' (alice) is deferred without a reason");
        assertThatThrownBy(() -> taskService().complete(item.getId()))
                .hasMessageContaining("choose done or deferred");

        assertThat(postMortem).isWaitingAt(TrackActionItem.id());
        assertThat(taskService().createTaskQuery().taskId(item.getId()).singleResult()).isNotNull();
    }

    @Test
    void aMalformedActionItemLineRefusesTheReviewNamingTheLine() {
        ProcessInstance postMortem = startAndDraft();
        Task review = task(postMortem);

        assertThatThrownBy(() -> taskService().complete(review.getId(), review("alice | 2026-12-01 | Alert on backup age\n"
                + "bob | next week | Rehearse the restore")))
                .isInstanceOf(FormFieldValidationException.class)
                .hasMessageContaining("Action item on line 2 ('bob | next week | Rehearse the restore'): due date 'next week' is not a date yyyy-mm-dd")
                .hasMessageContaining("owner | due date (yyyy-mm-dd) | text");

        assertThat(postMortem).isWaitingAt(BlamelessReview.id());
        assertThat(runtimeService().getVariable(postMortem.getId(), ACTION_ITEMS.name())).isNull();
    }

    private ProcessInstance startAndDraft() {
        ProcessInstance postMortem = runtimeService().startProcessInstanceByKey(PostMortemRunbook.KEY, INCIDENT,
                Map.of(INCIDENT_ID.name(), INCIDENT, SERVICE_ID.name(), "ticket-db", SEVERITY.name(), "critical"));
        assertThat(postMortem).isWaitingAt(DraftPostMortem.id());
        execute(job(postMortem));
        assertThat(postMortem).isWaitingAt(BlamelessReview.id());
        return postMortem;
    }

    private static Map<String, Object> review(String actionItems) {
        return withVariables(SUMMARY.name(), "ticket-db was down for two hours after a failed disk",
                ROOT_CAUSE.name(), "no alert on disk health, and the last backup was six hours old",
                ACTION_ITEMS_TEXT.name(), actionItems);
    }

    private static Job jobAt(Element element) {
        return managementService().createJobQuery().activityId(element.id()).singleResult();
    }

    private static Date startOfDay(String date) {
        return Date.from(LocalDate.parse(date).atStartOfDay(ZoneId.systemDefault()).toInstant());
    }

    private void record(String beanName) {
        Mocks.register(beanName, (JavaDelegate) execution -> ran.add(beanName));
    }
}
