package io.lifeboat.retention;

import java.time.Instant;
import java.util.List;

/**
 * A legal hold: on the listed backups, or with {@code service} set on every backup of that service, future ones
 * included, until released.
 */
public record LegalHold(String id, String service, List<String> backupIds, String caseRef, String reason, String placedBy,
                        Instant placedAt, String releasedBy, Instant releasedAt) {

    public boolean active() {
        return releasedAt == null;
    }
}
