package io.lifeboat.drill;

/**
 * Published in the transaction that records a drill's verdict ({@link DrillSteps}), so a connector can open a ticket
 * for a failed drill or page operators for one inconclusive twice.
 *
 * @param verdict            {@code passed}, {@code failed} or {@code inconclusive}
 * @param findings           the verdict's reason, as the report and the audit trail give it
 * @param rtoSeconds         from the drill's start until every check had passed; null unless they all did
 * @param reportUrl          the report's path on Lifeboat, e.g. {@code /api/drills/dr-1/report}
 * @param raisedToOperators  inconclusive a second time (the drill is the retry of an inconclusive one): operators get
 *                           a task instead of another retry
 */
public record DrillFinished(String drillId, String service, String verdict, String findings, Long rtoSeconds,
                            String reportUrl, boolean raisedToOperators) {
}
