package io.lifeboat.incident;

import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code incident-status-update} runbook ({@code processes/incident-status-update.bpmn}): its key, element ids
 * and variables. {@link IncidentMilestones} starts one instance per milestone, with the incident id as business key
 * and {@link Variables#INCIDENT_ID}, {@link Variables#MILESTONE} and {@link Variables#MILESTONE_TEXT}; a newer
 * milestone's update never waits for an older one's.
 */
public final class IncidentStatusUpdateRunbook {

    public static final String KEY = "incident-status-update";
    /** Who approves, edits and sends an update. */
    public static final String APPROVAL_GROUP = "commanders";
    /** The longest update: what the incident's timeline holds in one entry. */
    public static final int MAX_TEXT = 2000;

    /** Element ids, as in the diagram. */
    public enum Element {
        StatusUpdateDue,
        RenderStatusUpdate,
        ApproveStatusUpdate,
        SendStatusUpdate,
        StatusUpdateSent;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        /** Start contract: the incident. */
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.of("incidentId", String.class);
        /** Start contract: the milestone's kind ({@link IncidentMilestone.Kind#value()}), which names the template. */
        public static final ProcessVariable<String> MILESTONE = ProcessVariable.of("milestone", String.class);
        /** Start contract: what happened, as the timeline says it. */
        public static final ProcessVariable<String> MILESTONE_TEXT = ProcessVariable.of("milestoneText", String.class);

        /** Written by the render step and edited by the commander on the approval form: the text sent. Not a secret. */
        public static final ProcessVariable<String> STATUS_TEXT = ProcessVariable.of("statusText", String.class);
        /** The approval form's checkbox: whether the update may be shown to customers. */
        public static final ProcessVariable<Boolean> CUSTOMER_VISIBLE = ProcessVariable.of("customerVisible", Boolean.class);
        /** Who approved, as the engine authenticated them, written after the submitted variables. */
        public static final ProcessVariable<String> APPROVED_BY = ProcessVariable.of("approvedBy", String.class);

        private Variables() {
        }
    }

    private IncidentStatusUpdateRunbook() {
    }
}
