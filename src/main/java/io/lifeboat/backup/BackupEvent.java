package io.lifeboat.backup;

import java.time.Instant;

/**
 * One entry of a backup's history: a step failed, someone retried it, the backup ended. Kept for good, so a backup
 * that succeeded on a retry still shows that it failed first.
 *
 * @param kind  {@code failed}, {@code retried}, {@code succeeded}
 * @param step  the runbook step it happened at, or null for the backup as a whole
 * @param actor the user who retried, or the system actor
 */
public record BackupEvent(Instant at, String kind, String step, String actor, String detail) {

    static final String FAILED = "failed";
    static final String RETRIED = "retried";
    static final String SUCCEEDED = "succeeded";
    static final String NOTE = "note";
}
