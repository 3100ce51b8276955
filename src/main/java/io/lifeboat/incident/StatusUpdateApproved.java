package io.lifeboat.incident;

/**
 * Published in the transaction that records an approved status update on the incident's timeline, so the connectors
 * send it (a PagerDuty status update, a ServiceNow work note or, when customer-visible, a comment).
 *
 * @param milestone  the kind of milestone it reports ({@link IncidentMilestone.Kind#value()})
 * @param text       as the commander approved it
 * @param approvedBy the commander the engine authenticated for the approval
 */
public record StatusUpdateApproved(String incidentId, String service, String milestone, String text, boolean customerVisible,
                                   String approvedBy) {
}
