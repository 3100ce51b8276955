package io.lifeboat.restore;

import java.util.List;

import org.springframework.stereotype.Component;

import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Restored;

/** Runs the service's {@code drillChecks} on its restored data, where the data is. */
@Component
class RestoredDataCheckRunner {

    List<CheckOutcome> run(String serviceId, String storageTarget, Plan plan, List<Restored> restored) {
        throw new UnsupportedOperationException("wired to io.lifeboat.check once it lands");
    }
}
