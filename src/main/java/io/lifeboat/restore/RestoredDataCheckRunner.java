package io.lifeboat.restore;

import java.util.List;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Restored;

/**
 * Runs the service's {@code drillChecks} on its restored data, where the data is (inside the agent step): every data
 * source of the restore point, those an alternate restore left out as not restored, so their checks are skipped. A
 * plan that runs no checks ({@link Plan#runChecks()}: a drill's, which runs them itself) gets none.
 */
@Component
public class RestoredDataCheckRunner {

    private final Catalog catalog;
    private final RestoredCopies copies;
    private final RestoredDataChecks checks;

    public RestoredDataCheckRunner(Catalog catalog, RestoredCopies copies, RestoredDataChecks checks) {
        this.catalog = catalog;
        this.copies = copies;
        this.checks = checks;
    }

    List<CheckOutcome> run(String serviceId, String storageTarget, Plan plan, List<Restored> restored) {
        if (!plan.runsChecks()) {
            return List.of();
        }
        return checks.run(catalog.require(serviceId).drillChecks(), copies.sources(serviceId, storageTarget, plan, restored))
                .stream().map(RestoredDataCheckRunner::outcome).toList();
    }

    private static CheckOutcome outcome(CheckResult result) {
        return new CheckOutcome(result.name(), result.passed(), result.skipped(), result.evidence());
    }
}
