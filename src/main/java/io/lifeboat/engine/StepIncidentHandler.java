package io.lifeboat.engine;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;

/**
 * Keeps Camunda's incident (visible in Cockpit, where an operator retries the step) and tells each runbook's
 * {@link StepIncidents}, so its record says FAILED at that step while the runbook waits.
 */
public class StepIncidentHandler extends DefaultIncidentHandler {

    /** Who retried when nobody is authenticated: the engine itself, e.g. a job retried by a timer. */
    public static final String ENGINE = "engine";

    private final List<StepIncidents> runbooks;

    public StepIncidentHandler(String incidentType, List<StepIncidents> runbooks) {
        super(incidentType);
        this.runbooks = runbooks;
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
        Incident incident = super.handleIncident(context, message);
        executionOf(context).ifPresent(execution -> runbooks.forEach(runbook ->
                runbook.failed(execution.getProcessInstanceId(), execution.getActivityId(), message)));
        return incident;
    }

    /**
     * The step is retried. The engine also calls this whenever a job or external task ends well, incident or not;
     * only an open incident counts.
     */
    @Override
    public void resolveIncident(IncidentContext context) {
        boolean open = context.getConfiguration() != null && !Context.getCommandContext().getIncidentManager()
                .findIncidentByConfigurationAndIncidentType(context.getConfiguration(), getIncidentHandlerType()).isEmpty();
        if (open) {
            String authenticated = Context.getCommandContext().getAuthenticatedUserId();
            String user = authenticated == null ? ENGINE : authenticated;
            executionOf(context).ifPresent(execution -> runbooks.forEach(runbook ->
                    runbook.retried(execution.getProcessInstanceId(), execution.getActivityId(), user)));
        }
        super.resolveIncident(context);
    }

    private static Optional<ExecutionEntity> executionOf(IncidentContext context) {
        return Optional.ofNullable(context.getExecutionId()).map(id ->
                Context.getCommandContext().getExecutionManager().findExecutionById(id));
    }
}
