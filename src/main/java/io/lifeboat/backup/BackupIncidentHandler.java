package io.lifeboat.backup;

import java.time.Clock;

import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;

/**
 * Keeps Camunda's incident (visible in Cockpit, where an operator retries the step) and marks the backup FAILED
 * with the step's error, so {@code /api/backups} tells the truth while the runbook waits. A successful retry later
 * records the backup as SUCCEEDED.
 */
public class BackupIncidentHandler extends DefaultIncidentHandler {

    private final BackupRepository backups;
    private final Clock clock;

    public BackupIncidentHandler(String incidentType, BackupRepository backups, Clock clock) {
        super(incidentType);
        this.backups = backups;
        this.clock = clock;
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
        Incident incident = super.handleIncident(context, message);
        CommandContext commandContext = Context.getCommandContext();
        ExecutionEntity execution = context.getExecutionId() == null ? null
                : commandContext.getExecutionManager().findExecutionById(context.getExecutionId());
        if (execution != null) {
            backups.markFailedByProcessInstance(execution.getProcessInstanceId(),
                    "step " + execution.getActivityId() + " failed after its retries: " + message, clock.instant());
        }
        return incident;
    }
}
