package io.lifeboat.engine;

import java.time.Instant;

/** Who asked Lifeboat for one runbook instance, and why. */
public record RunbookRequest(String processInstanceId, String runbook, String businessKey, String requestedBy,
                             String reason, Instant requestedAt) {
}
