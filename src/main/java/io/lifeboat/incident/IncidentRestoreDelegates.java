package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.Decider;

import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_CHOICES;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_REASON;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_REQUESTED_BY;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;

/** The restore a commander may ask for on Assess and Confirm recovery: offered, decided, then requested after an async boundary. */
@Configuration(proxyBeanMethods = false)
public class IncidentRestoreDelegates {

    /**
     * As Assess or Confirm recovery is created: the service's newest verified backups to pick from, and the fields
     * empty, so a pick made on an earlier task is never submitted again.
     */
    @Bean
    TaskListener offerRestore(IncidentRestores restores) {
        return task -> {
            RESTORE_CHOICES.set(task, restores.choices(SERVICE_ID.from(task)));
            RESTORE_BACKUP_ID.remove(task);
            RESTORE_REASON.remove(task);
        };
    }

    /**
     * On completing Assess or Confirm recovery: a picked backup must be one offered and come with a reason (400, the
     * task stays open). Who asks is the commander the engine authenticated, written after the submitted variables;
     * null when nothing was picked, which the diagram reads as no restore.
     */
    @Bean
    TaskListener decideRestore(IncidentRestores restores) {
        return task -> {
            String backupId = RESTORE_BACKUP_ID.optionalFrom(task).map(String::strip).filter(id -> !id.isEmpty()).orElse(null);
            if (backupId == null) {
                RESTORE_REQUESTED_BY.set(task, null);
                return;
            }
            restores.check(SERVICE_ID.from(task), backupId, RESTORE_REASON.optionalFrom(task).orElse(null));
            RESTORE_BACKUP_ID.set(task, backupId);
            RESTORE_REQUESTED_BY.set(task, Decider.of(task));
        };
    }

    @Bean
    JavaDelegate requestRestore(IncidentRestores restores) {
        return execution -> restores.request(INCIDENT_ID.from(execution), RESTORE_BACKUP_ID.from(execution),
                RESTORE_REASON.from(execution), RESTORE_REQUESTED_BY.from(execution));
    }
}
