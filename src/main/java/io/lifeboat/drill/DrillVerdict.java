package io.lifeboat.drill;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a finished drill says about the service's backups. Only {@link #PASSED} counts as a passed drill.
 */
public enum DrillVerdict {
    /** Restored, every check passed (a negative control: every damage was seen), every objective met. */
    PASSED,
    /** The backup or the plan is bad: a check failed, the restore failed on the backup's data, an objective was missed. */
    FAILED,
    /** Says nothing about the backup: the sandbox, a tool or the server failed, or the drill ran out of time. */
    INCONCLUSIVE;

    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static DrillVerdict of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
