package io.lifeboat.restore;

import java.time.Instant;

/**
 * Published in the transaction that records a restore's end, so a runbook waiting for it (a drill) can go on.
 *
 * @param recoveredTo the moment the restored data represents, null when nothing was restored
 * @param copy        where the restored data is, when the restore succeeded; null otherwise
 */
public record RestoreFinished(String restoreId, String service, RestoreState state, String failedStep, String error,
                              Instant recoveredTo, RestoredCopy copy) {
}
