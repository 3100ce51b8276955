package io.lifeboat.restore;

/**
 * An alternate restore's data where it lies, for a drill that checks it, damages it and tears it down.
 *
 * @param plan     the restore runbook's {@code plan}, as JSON (opaque outside this package)
 * @param restored the restore runbook's {@code restored}, as JSON; {@code []} when nothing was restored
 */
public record RestoredCopy(String serviceId, String storageTarget, String plan, String restored) {
}
