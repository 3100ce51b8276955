package io.lifeboat.intake;

/**
 * Does the heavier work for one stored alert, after the sender got its answer: correlation into incidents,
 * starting runbooks. Called once per alert (never for one a person skipped, see {@link StuckAlerts}), in the order
 * alerts were accepted for their service, inside a
 * transaction that also marks the alert processed, so a crash between the two repeats the call.
 * Implementations must therefore be idempotent for the same {@code alertId}.
 */
public interface AlertHandler {

    void handle(long alertId, Alert alert);
}
