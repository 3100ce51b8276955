package io.lifeboat.restore;

import java.time.Instant;
import java.util.Optional;

/**
 * When an incident began, the reference a restore's RPO is measured to; the {@code incident} package answers it, so
 * restores know incidents without depending on them (incidents start restores).
 */
public interface IncidentStarts {

    /** Empty for an unknown incident. */
    Optional<Instant> startOf(String incidentId);
}
