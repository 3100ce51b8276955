package io.lifeboat.backup;

import java.time.Clock;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;

/**
 * Keeps Camunda's incident (visible in Cockpit, where an operator retries the step), marks the backup FAILED with the
 * step's error (kept in its history and the audit trail, also once a retry mends it), so {@code /api/backups} tells
 * the truth while the runbook waits, and lets go of the service: a backup stuck on an incident must not keep the
 * service's next backups, scheduled or emergency, from running. Retrying the step claims the service again, and is
 * refused while another backup of the service runs.
 */
public class BackupIncidentHandler extends DefaultIncidentHandler {

    private final BackupRepository backups;
    private final BackupHistory history;
    private final Clock clock;

    public BackupIncidentHandler(String incidentType, BackupRepository backups, BackupHistory history, Clock clock) {
        super(incidentType);
        this.backups = backups;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
        Incident incident = super.handleIncident(context, message);
        executionOf(context).ifPresent(execution -> backups.findByProcessInstance(execution.getProcessInstanceId())
                .ifPresent(backup -> {
                    if (backup.status() == BackupStatus.RUNNING) { // a step after the record (its audit) fails no backup
                        history.failed(backup, execution.getActivityId(), "failed after its retries: " + message);
                    }
                    backups.releaseClaim(backup.id());
                }));
        return incident;
    }

    /**
     * The step is retried (Cockpit's Retry): the backup takes its service back, unless another backup holds it. The
     * engine also calls this whenever a job or external task ends well, incident or not; only an open incident counts.
     */
    @Override
    public void resolveIncident(IncidentContext context) {
        boolean open = context.getConfiguration() != null && !Context.getCommandContext().getIncidentManager()
                .findIncidentByConfigurationAndIncidentType(context.getConfiguration(), getIncidentHandlerType()).isEmpty();
        if (open) {
            executionOf(context).ifPresent(execution -> backups.findByProcessInstance(execution.getProcessInstanceId())
                    .ifPresent(backup -> retry(backup, execution.getActivityId())));
        }
        super.resolveIncident(context);
    }

    private void retry(BackupRecord backup, String step) {
        reclaim(backup);
        if (backup.status() == BackupStatus.FAILED) {
            String user = Context.getCommandContext().getAuthenticatedUserId();
            history.retried(backup, step, user == null ? BackupHistory.ENGINE : user);
        }
    }

    private static Optional<ExecutionEntity> executionOf(IncidentContext context) {
        return Optional.ofNullable(context.getExecutionId()).map(id ->
                Context.getCommandContext().getExecutionManager().findExecutionById(id));
    }

    private void reclaim(BackupRecord backup) {
        Optional<String> holder = backups.claimHolder(backup.service());
        if (holder.isPresent() && !holder.get().equals(backup.id())) {
            throw new ProcessEngineException("backup " + holder.get() + " of " + backup.service() + " is running; retry "
                    + backup.id() + " once it has finished (one backup per service at a time)");
        }
        if (holder.isEmpty()) {
            backups.claim(backup.service(), backup.id(), clock.instant());
        }
    }
}
