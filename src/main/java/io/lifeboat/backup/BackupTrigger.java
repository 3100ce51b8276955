package io.lifeboat.backup;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a backup was started; shown and stored in lower case, {@code pre-restore} with a hyphen. Manual, change,
 * pre-restore and emergency backups are made by a person or for a purpose, which retention keeps for a minimum age.
 */
public enum BackupTrigger {
    SCHEDULE, MANUAL, EMERGENCY, CHANGE, DRILL,
    /** Taken of what a restore is about to overwrite, so the restore can be undone. */
    PRE_RESTORE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException listing the accepted values */
    @JsonCreator
    public static BackupTrigger parse(String value) {
        return Arrays.stream(values())
                .filter(trigger -> trigger.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "trigger '" + value + "' is not one of " + Arrays.stream(values()).map(BackupTrigger::value).toList()));
    }
}
