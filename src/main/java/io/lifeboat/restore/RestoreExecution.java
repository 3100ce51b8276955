package io.lifeboat.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.restore.RestoreJson.Restored;

/**
 * Runs the agents of the data sources a restore plans, through the agent that took each snapshot, where the restore
 * point's snapshots were written. Like {@link io.lifeboat.backup.BackupExecution} it needs no database, so an agent
 * on a data host runs it the same: what it did travels back to the engine as task variables.
 */
@Service
public class RestoreExecution {

    private final Catalog catalog;
    private final DataSourceAgents agents;

    public RestoreExecution(Catalog catalog, DataSourceAgents agents) {
        this.catalog = catalog;
        this.agents = agents;
    }

    /** Why a destination cannot take its snapshot, for the first data source that cannot; empty when all can. */
    Optional<String> capacityProblem(String serviceId, String storageTarget, Plan plan) throws AgentException {
        for (Planned planned : plan.sources()) {
            Target target = target(serviceId, storageTarget, planned);
            Optional<String> problem = target.agent().capacityProblem(target.location(), planned.snapshot(), plan.spec(planned));
            if (problem.isPresent()) {
                return Optional.of(planned.dataSource() + ": " + problem.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Restores each planned data source, handing each result to {@code done} as soon as it exists, so a failure of a
     * later data source still reports where the earlier ones are, for discarding them.
     */
    void restore(String serviceId, String storageTarget, Plan plan, ProgressListener progress, Consumer<Restored> done)
            throws AgentException {
        for (Planned planned : plan.sources()) {
            Target target = target(serviceId, storageTarget, planned);
            RestoredData data = target.agent().restore(target.location(), planned.snapshot(), plan.spec(planned), progress);
            done.accept(new Restored(planned.dataSource(), data));
        }
    }

    /**
     * Verifies each data source's restored data against its snapshot, and that the data is not newer than the
     * moment it is to represent: a contradiction fails the restore.
     *
     * @return what was checked, one line per data source; or the first failure
     */
    Verification verify(String serviceId, String storageTarget, Plan plan, List<Restored> restored) throws AgentException {
        List<String> passed = new ArrayList<>();
        for (Restored one : restored) {
            Planned planned = planned(plan, one.dataSource());
            Target target = target(serviceId, storageTarget, planned);
            Verification verification = target.agent().verifyRestored(target.location(), planned.snapshot(), plan.spec(planned),
                    one.data());
            if (!verification.ok()) {
                return Verification.failed(one.dataSource() + ": " + verification.detail());
            }
            Instant represents = represents(plan, one.data());
            Instant newest = one.data().newestChange();
            if (newest != null && newest.isAfter(represents)) {
                return Verification.failed(one.dataSource() + ": the restored data shows a change at " + newest
                        + ", after " + represents + ", the moment it is to represent");
            }
            passed.add(one.dataSource() + ": " + verification.detail());
        }
        return Verification.passed(String.join("; ", passed));
    }

    void switchIn(String serviceId, String storageTarget, Plan plan, List<Restored> restored) throws AgentException {
        for (Restored one : restored) {
            Planned planned = planned(plan, one.dataSource());
            Target target = target(serviceId, storageTarget, planned);
            target.agent().switchIn(target.location(), plan.spec(planned), one.data());
        }
    }

    /** @param previous the safety backup's snapshot per data source; empty when it was waived */
    void switchBack(String serviceId, String storageTarget, Plan plan, List<Restored> restored, Map<String, Snapshot> previous)
            throws AgentException {
        for (Restored one : restored) {
            Planned planned = planned(plan, one.dataSource());
            Target target = target(serviceId, storageTarget, planned);
            target.agent().switchBack(target.location(), plan.spec(planned), one.data(), previous.get(one.dataSource()));
        }
    }

    /**
     * After a failure before the switch: removes what was restored, for every planned data source, restored or not
     * (an attempt that crashed may have left something behind), so production is as it was. An agent that restored
     * into production itself ({@link BackupAgent#overwritesInPlace}) puts the safety backup back instead.
     *
     * @param previous the safety backup's snapshot per data source; empty when it was waived
     */
    void discardRestored(String serviceId, String storageTarget, Plan plan, List<Restored> restored,
                         Map<String, Snapshot> previous) throws AgentException {
        for (Planned planned : plan.sources()) {
            Target target = target(serviceId, storageTarget, planned);
            Optional<Restored> done = restored.stream().filter(one -> one.dataSource().equals(planned.dataSource())).findFirst();
            if (plan.mode() == RestoreMode.IN_PLACE && target.agent().overwritesInPlace() && done.isPresent()) {
                target.agent().switchBack(target.location(), plan.spec(planned), done.get().data(),
                        previous.get(planned.dataSource()));
            }
            target.agent().discard(target.location(), plan.spec(planned));
        }
    }

    /** Once {@code lifeboat.restore.keep-previous} has passed: removes the previous state the switch kept aside. */
    void discardPrevious(String serviceId, String storageTarget, Plan plan) throws AgentException {
        for (Planned planned : plan.sources()) {
            Target target = target(serviceId, storageTarget, planned);
            target.agent().discard(target.location(), plan.spec(planned));
        }
    }

    /** What restored data represents: the moment its recovery reached, else when the backup's agent read the data. */
    static Instant represents(Plan plan, RestoredData data) {
        return data.recoveredTo() != null ? data.recoveredTo() : plan.dataCapturedAt();
    }

    private static Planned planned(Plan plan, String dataSource) {
        return plan.sources().stream().filter(planned -> planned.dataSource().equals(dataSource)).findFirst()
                .orElseThrow(() -> new IllegalStateException("restore " + plan.restoreId() + " plans no data source '"
                        + dataSource + "'"));
    }

    /**
     * The agent of a planned data source and where it works: the data source's location, on the destination's other
     * server where an alternate restore names one ({@link AlternateServer}). Also for the data sources a restore left
     * out, whose destination is empty.
     */
    Target target(String serviceId, String storageTarget, Planned planned) {
        ServiceDefinition service = catalog.require(serviceId);
        DataSource dataSource = DataSourceAgents.dataSource(service, planned.dataSource());
        String target = DataSourceAgents.target(service, storageTarget);
        return new Target(agents.agent(dataSource), AlternateServer.locate(agents.location(service, dataSource, target),
                planned.destination()));
    }

    record Target(BackupAgent agent, SourceLocation location) {
    }
}
