package io.lifeboat.backup;

import java.time.Clock;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/** Registers {@link BackupIncidentHandler} for failed jobs and failed external tasks. */
@Component
public class BackupEnginePlugin extends AbstractProcessEnginePlugin {

    private final BackupRepository backups;
    private final BackupHistory history;
    private final Clock clock;

    public BackupEnginePlugin(BackupRepository backups, BackupHistory history, Clock clock) {
        this.backups = backups;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setCustomIncidentHandlers(List.of(
                new BackupIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE, backups, history, clock),
                new BackupIncidentHandler(Incident.EXTERNAL_TASK_HANDLER_TYPE, backups, history, clock)));
    }
}
