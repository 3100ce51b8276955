package io.lifeboat.drill;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.restore.RestoreFinished;

import static io.lifeboat.drill.DrillRunbook.Variables.RESTORED_DATA;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_PLAN;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_STATE;
import static io.lifeboat.drill.DrillRunbook.Variables.STORAGE_TARGET;

/**
 * Wakes the drill waiting for its sandbox restore, and does nothing else in the restore's transaction: the drill's
 * {@code WaitForRestore} is asynchronous after, so the drill goes on in its own step, and its failure never fails the
 * restore. A drill no longer waiting (it ran out of time) is not there to correlate with, which is fine.
 */
@Component
class DrillRestoreListener {

    private final DrillRepository drills;
    private final DrillSteps steps;
    private final RuntimeService runtime;

    DrillRestoreListener(DrillRepository drills, DrillSteps steps, RuntimeService runtime) {
        this.drills = drills;
        this.steps = steps;
        this.runtime = runtime;
    }

    @EventListener
    public void restoreFinished(RestoreFinished restore) {
        drills.drillOfRestore(restore.restoreId()).ifPresent(drillId -> {
            steps.restoreFinished(drillId, restore.recoveredTo());
            MessageCorrelationBuilder message = runtime.createMessageCorrelation(DrillRunbook.MESSAGE_RESTORE_FINISHED)
                    .processInstanceBusinessKey(drillId)
                    .setVariable(RESTORE_STATE.name(), restore.state().name());
            if (restore.copy() != null) {
                message.setVariable(RESTORE_PLAN.name(), restore.copy().plan())
                        .setVariable(RESTORED_DATA.name(), restore.copy().restored());
                if (restore.copy().storageTarget() != null) {
                    message.setVariable(STORAGE_TARGET.name(), restore.copy().storageTarget());
                }
            }
            message.correlateAll();
        });
    }
}
