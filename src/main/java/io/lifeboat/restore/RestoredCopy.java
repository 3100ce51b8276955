package io.lifeboat.restore;

/**
 * An alternate restore's data where it lies, for a restore drill that checks, damages and removes it.
 *
 * @param storageTarget the restore point's storage target; null for the service's usual one
 * @param plan          the restore runbook's {@code plan} variable, as it is
 * @param restored      the restore runbook's {@code restored} variable, as it is; null when nothing was restored yet
 */
public record RestoredCopy(String serviceId, String storageTarget, String plan, String restored) {
}
