package io.lifeboat.audit;

/**
 * What an {@link AuditRecord} must satisfy before it is appended: actor and action present, and no field longer
 * than its column in {@code V2__audit.sql}. Checked up front so a refused record fails with the field's name
 * rather than a database-specific truncation error.
 */
final class AuditRecordRules {

    private AuditRecordRules() {
    }

    static void check(AuditRecord record) {
        if (record == null) {
            throw new IllegalArgumentException("audit record is missing");
        }
        required("actor", record.actor(), 200);
        required("action", record.action(), 100);
        optional("subject", record.subject(), 300);
        optional("service", record.service(), 100);
        optional("trigger", record.trigger(), 50);
        optional("reason", record.reason(), 2000);
        optional("detail", record.detail(), 4000);
    }

    private static void required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit field '" + field + "' is required");
        }
        optional(field, value, maxLength);
    }

    private static void optional(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        // code points, as both databases count VARCHAR lengths in characters, not UTF-16 units
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw new IllegalArgumentException("audit field '" + field + "' has " + length
                    + " characters, at most " + maxLength + " are allowed");
        }
    }
}
