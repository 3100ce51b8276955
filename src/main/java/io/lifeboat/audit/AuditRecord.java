package io.lifeboat.audit;

/** What a caller hands to {@link AuditTrail#append}; the trail adds id, time and hashes. */
public record AuditRecord(String actor, String action, String subject, String service, String trigger, String reason, String detail) {
}
