package io.lifeboat.restore;

import org.springframework.stereotype.Component;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.engine.StepIncidents;

/**
 * A restore step that exhausted its retries marks the restore FAILED at that step with its error, and the audit
 * trail keeps it also once a retry mends it. Unlike a backup, the restore keeps the service's claim: a step that
 * failed while production's data was being switched must not let a backup or another restore touch it before an
 * operator has looked.
 */
@Component
class RestoreStepIncidents implements StepIncidents {

    private final RestoreRepository restores;
    private final AuditTrail audit;

    RestoreStepIncidents(RestoreRepository restores, AuditTrail audit) {
        this.restores = restores;
        this.audit = audit;
    }

    @Override
    public void failed(String processInstanceId, String activityId, String message) {
        restores.findByProcessInstance(processInstanceId).filter(restore -> restore.state() == RestoreState.RUNNING)
                .ifPresent(restore -> {
                    restores.markStepFailed(restore.id(), activityId, "failed after its retries: " + message);
                    audit.append(new AuditRecord(RestoreSteps.SYSTEM, "restore.step-failed", RestoreService.subject(restore.id()),
                            restore.service(), restore.mode(), restore.reason(), activityId + ": " + message));
                });
    }

    @Override
    public void retried(String processInstanceId, String activityId, String user) {
        restores.findByProcessInstance(processInstanceId).filter(restore -> restore.state() == RestoreState.FAILED
                        && restore.finishedAt() == null)
                .ifPresent(restore -> {
                    restores.markRetried(restore.id());
                    audit.append(new AuditRecord(user, "restore.retried", RestoreService.subject(restore.id()),
                            restore.service(), restore.mode(), restore.reason(), "step " + activityId + ", which had failed: "
                            + restore.error()));
                });
    }
}
