package io.lifeboat.engine;

import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/** Registers {@link StepIncidentHandler} for failed jobs and failed external tasks, with every runbook's {@link StepIncidents}. */
@Component
public class StepIncidentsPlugin extends AbstractProcessEnginePlugin {

    private final List<StepIncidents> runbooks;

    public StepIncidentsPlugin(List<StepIncidents> runbooks) {
        this.runbooks = runbooks;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomIncidentHandlers(List.of(
                new StepIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE, runbooks),
                new StepIncidentHandler(Incident.EXTERNAL_TASK_HANDLER_TYPE, runbooks)));
    }
}
