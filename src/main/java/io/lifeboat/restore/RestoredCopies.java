package io.lifeboat.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.check.RestoredSource;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.restore.RestoreJson.Restored;

/**
 * The data a restore restored, as the checks read it: for the restore's own checks ({@link RestoredDataCheckRunner})
 * and for a drill ({@link RestoredCopy}), which also damages a copy on purpose and removes it. Like the restore's other
 * tool work it needs no database, so it runs where the agent restored.
 */
@Component
public class RestoredCopies {

    private final RestoreExecution execution;

    public RestoredCopies(RestoreExecution execution) {
        this.execution = execution;
    }

    /** Every data source of the restore point, those the restore left out (or did not get to) as not restored. */
    public List<RestoredSource> sources(RestoredCopy copy) {
        return sources(copy.serviceId(), copy.storageTarget(), RestoreJson.plan(copy.plan()), restoredOf(copy));
    }

    List<RestoredSource> sources(String serviceId, String storageTarget, Plan plan, List<Restored> restored) {
        List<RestoredSource> sources = new ArrayList<>();
        for (Planned planned : plan.sources()) {
            RestoreExecution.Target target = execution.target(serviceId, storageTarget, planned);
            Optional<Restored> done = restored.stream().filter(one -> one.dataSource().equals(planned.dataSource())).findFirst();
            sources.add(new RestoredSource(target.agent(), target.location(), planned.snapshot(),
                    done.map(Restored::data).orElse(null), plan.paths()));
        }
        for (Planned left : plan.leftOut()) {
            RestoreExecution.Target target = execution.target(serviceId, storageTarget, left);
            sources.add(RestoredSource.notRestored(target.agent(), target.location(), left.snapshot()));
        }
        return sources;
    }

    /**
     * Removes the restored data of every planned data source, restored or not (an attempt that crashed may have left
     * something), through its agent's {@code discard}: the database dropped, the directory removed, a restored cluster
     * stopped and removed. Repeatable: what is gone already is no error.
     *
     * @throws IllegalArgumentException for an in-place restore, whose data is production's now
     */
    public void discard(RestoredCopy copy) throws AgentException {
        Plan plan = RestoreJson.plan(copy.plan());
        if (plan.mode() != RestoreMode.ALTERNATE) {
            throw new IllegalArgumentException("restore " + plan.restoreId() + " of " + copy.serviceId() + " was "
                    + plan.mode().value() + ": only an alternate restore's copy is discarded as a whole");
        }
        execution.discardRestored(copy.serviceId(), copy.storageTarget(), plan, restoredOf(copy), Map.of());
    }

    private static List<Restored> restoredOf(RestoredCopy copy) {
        return copy.restored() == null ? List.of() : RestoreJson.restored(copy.restored());
    }
}
