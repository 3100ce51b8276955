package io.lifeboat.incident;

import java.util.Date;

import org.camunda.spin.json.SpinJsonNode;

import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code post-mortem} runbook ({@code processes/post-mortem.bpmn}): its key, its element ids and its variables.
 * {@code incident-response} starts it when an incident is resolved, with the incident id as business key and the
 * variables {@link Variables#INCIDENT_ID}, {@link Variables#SERVICE_ID} and {@link Variables#SEVERITY}.
 */
public final class PostMortemRunbook {

    public static final String KEY = "post-mortem";

    /** The group that answers an overdue review. */
    public static final String ESCALATION_GROUP = "commanders";
    /** The review task's priority once its reminder is due (Camunda's default is 50), so it sorts up in Tasklist. */
    public static final int REMINDED_PRIORITY = 80;

    /** Element ids, as in the diagram. */
    public enum Element {
        IncidentResolved,
        DraftPostMortem,
        BlamelessReview,
        ReviewReminder,
        RecordReminder,
        ReminderRecorded,
        ReviewOverdue,
        RecordOverdueReview,
        EscalateOverdueReview,
        EscalationAnswered,
        AnyActionItems,
        TrackActionItem,
        CloseJoin,
        ClosePostMortem,
        PostMortemClosed;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        /** Start contract: the resolved incident. */
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.of("incidentId", String.class);
        /** Start contract: the incident's service, a catalog id. */
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        /** Start contract: the incident's severity when it was resolved, for the task names. */
        public static final ProcessVariable<String> SEVERITY = ProcessVariable.of("severity", String.class);

        /** Set when the instance starts: the review is due 72 h later, its owners are reminded at 48 h. */
        public static final ProcessVariable<Date> REVIEW_DUE_AT = ProcessVariable.of("reviewDueAt", Date.class);
        public static final ProcessVariable<Date> REVIEW_REMINDER_AT = ProcessVariable.of("reviewReminderAt", Date.class);

        /** Written by the draft step: the Markdown draft and the catalog's owner group, the review's candidate group. */
        public static final ProcessVariable<String> DRAFT = ProcessVariable.of("draft", String.class);
        public static final ProcessVariable<String> OWNER_GROUP = ProcessVariable.of("ownerGroup", String.class);

        /** The review form's answers. */
        public static final ProcessVariable<String> SUMMARY = ProcessVariable.of("summary", String.class);
        public static final ProcessVariable<String> ROOT_CAUSE = ProcessVariable.of("rootCause", String.class);
        /** One item per line, {@link PostMortemActionItems#LINE_FORMAT}. */
        public static final ProcessVariable<String> ACTION_ITEMS_TEXT = ProcessVariable.of("actionItemsText", String.class);

        /** Who completed the review, as the engine authenticated them: the post-mortem closes under their name. */
        public static final ProcessVariable<String> REVIEWED_BY = ProcessVariable.of("reviewedBy", String.class);

        /** The parsed items, a JSON array; each owner's answer is written back into its element. */
        public static final ProcessVariable<SpinJsonNode> ACTION_ITEMS = ProcessVariable.of("actionItems", SpinJsonNode.class);
        public static final ProcessVariable<Integer> ACTION_ITEM_COUNT = ProcessVariable.of("actionItemCount", Integer.class);

        /** Local to one action item task: its element of {@link #ACTION_ITEMS}, its index, what its form shows and collects. */
        public static final ProcessVariable<SpinJsonNode> ACTION_ITEM = ProcessVariable.of("actionItem", SpinJsonNode.class);
        public static final ProcessVariable<Integer> LOOP_COUNTER = ProcessVariable.of("loopCounter", Integer.class);
        public static final ProcessVariable<String> ITEM_TEXT = ProcessVariable.of("itemText", String.class);
        public static final ProcessVariable<String> ITEM_DUE = ProcessVariable.of("itemDue", String.class);
        public static final ProcessVariable<String> ITEM_STATUS = ProcessVariable.of("itemStatus", String.class);
        public static final ProcessVariable<String> DEFERRAL_REASON = ProcessVariable.of("deferralReason", String.class);

        /** The escalation form's answer: what the commander did about the overdue review. */
        public static final ProcessVariable<String> ESCALATION_NOTE = ProcessVariable.of("escalationNote", String.class);

        private Variables() {
        }
    }

    private PostMortemRunbook() {
    }
}
