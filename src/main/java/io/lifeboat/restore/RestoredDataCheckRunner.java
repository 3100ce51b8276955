package io.lifeboat.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.check.RestoredSource;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.restore.RestoreJson.Restored;

/**
 * Runs the service's {@code drillChecks} on its restored data, where the data is (inside the agent step): every data
 * source of the restore point, those an alternate restore left out as not restored, so their checks are skipped.
 */
@Component
public class RestoredDataCheckRunner {

    private final Catalog catalog;
    private final DataSourceAgents agents;
    private final RestoredDataChecks checks;

    public RestoredDataCheckRunner(Catalog catalog, DataSourceAgents agents, RestoredDataChecks checks) {
        this.catalog = catalog;
        this.agents = agents;
        this.checks = checks;
    }

    List<CheckOutcome> run(String serviceId, String storageTarget, Plan plan, List<Restored> restored) {
        if (!plan.checks()) {
            return List.of();
        }
        ServiceDefinition service = catalog.require(serviceId);
        String target = DataSourceAgents.target(service, storageTarget);
        List<RestoredSource> sources = new ArrayList<>();
        for (Planned planned : plan.sources()) {
            DataSource dataSource = DataSourceAgents.dataSource(service, planned.dataSource());
            Optional<Restored> done = restored.stream().filter(one -> one.dataSource().equals(planned.dataSource())).findFirst();
            sources.add(new RestoredSource(agents.agent(dataSource), agents.location(service, dataSource, target),
                    planned.snapshot(), done.map(Restored::data).orElse(null), plan.paths()));
        }
        for (Planned left : plan.leftOut()) {
            DataSource dataSource = DataSourceAgents.dataSource(service, left.dataSource());
            sources.add(RestoredSource.notRestored(agents.agent(dataSource), agents.location(service, dataSource, target),
                    left.snapshot()));
        }
        return checks.run(service.drillChecks(), sources).stream().map(RestoredDataCheckRunner::outcome).toList();
    }

    private static CheckOutcome outcome(CheckResult result) {
        return new CheckOutcome(result.name(), result.passed(), result.skipped(), result.evidence());
    }
}
