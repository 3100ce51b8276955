package io.lifeboat.incident;

import java.time.Instant;

/**
 * Published in the transaction that records a milestone of an incident on its timeline, so the connectors can add a
 * work note, page or update a status page in that same transaction. {@link IncidentMilestones} publishes every one.
 *
 * @param incidentId    the incident's id: the BPMN business key and the key every connector uses
 * @param tier          the service's tier from the catalog
 * @param severity      the incident's severity now
 * @param text          what happened, as the timeline says it
 * @param who           the user or system actor the timeline names
 * @param pageCommander for {@link Kind#CLASSIFIED}: whether the classification pages the commander; null otherwise
 * @param backupKind    for {@link Kind#CLASSIFIED}: the emergency backup it asks for ({@code none} for none); null otherwise
 * @param outcome       for {@link Kind#EMERGENCY_BACKUP_DONE} the backup's status ({@code SUCCEEDED} or {@code FAILED}),
 *                      for {@link Kind#RESTORE_FINISHED} the restore's state; null otherwise
 */
public record IncidentMilestone(String incidentId, String service, int tier, String severity, String title, Kind kind,
                                String text, String who, Instant at, Boolean pageCommander, String backupKind,
                                String outcome) {

    /** The milestones, by the names templates and connectors use ({@link #value()}). */
    public enum Kind {
        CLASSIFIED("classified"),
        EMERGENCY_BACKUP_DONE("emergency-backup-done"),
        RESTORE_STARTED("restore-started"),
        RESTORE_FINISHED("restore-finished"),
        RESOLVED("resolved");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.value.equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not an incident milestone");
        }
    }
}
