package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.ProcessEngineServicesAware;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.backup.BackupStatus;

import static io.lifeboat.incident.IncidentRunbook.Variables.ALERTS_SUMMARY;
import static io.lifeboat.incident.IncidentRunbook.Variables.ASSESSMENT_NOTES;
import static io.lifeboat.incident.IncidentRunbook.Variables.ALL_ALERTS_RESOLVED;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_FINISHED;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_KIND;
import static io.lifeboat.incident.IncidentRunbook.Variables.BACKUP_STATUS;
import static io.lifeboat.incident.IncidentRunbook.Variables.DEPENDENTS;
import static io.lifeboat.incident.IncidentRunbook.Variables.EMERGENCY_BACKUP;
import static io.lifeboat.incident.IncidentRunbook.Variables.EMERGENCY_TARGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.LAST_GOOD_BACKUP;
import static io.lifeboat.incident.IncidentRunbook.Variables.OVERDUE_ACTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.PAGE_COMMANDER;
import static io.lifeboat.incident.IncidentRunbook.Variables.PROPOSE_CONTINUITY;
import static io.lifeboat.incident.IncidentRunbook.Variables.RECOVERY_CONFIRMED;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESOLUTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.RPO_BUDGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SEVERITY;
import static io.lifeboat.incident.IncidentRunbook.Variables.TIER;
import static io.lifeboat.incident.IncidentRunbook.Variables.TRIAGE_SERVICE;

/** The {@code incident-response} runbook's delegates and listeners, by the bean names its diagram uses. */
@Configuration(proxyBeanMethods = false)
public class IncidentDelegates {

    @Bean
    JavaDelegate recordDismissal(IncidentService incidents) {
        return execution -> incidents.dismiss(INCIDENT_ID.from(execution), actor(execution));
    }

    @Bean
    JavaDelegate assignService(IncidentService incidents) {
        return execution -> {
            String serviceId = TRIAGE_SERVICE.from(execution).trim();
            TIER.set(execution, incidents.assignService(INCIDENT_ID.from(execution), serviceId, actor(execution)));
            SERVICE_ID.set(execution, serviceId);
        };
    }

    @Bean
    JavaDelegate recordClassification(IncidentService incidents) {
        return execution -> incidents.recordClassification(INCIDENT_ID.from(execution), SEVERITY.from(execution),
                TIER.from(execution), BACKUP_KIND.from(execution), PAGE_COMMANDER.from(execution), PROPOSE_CONTINUITY.from(execution));
    }

    @Bean
    JavaDelegate startEmergencyBackup(IncidentService incidents) {
        return execution -> {
            // a backup id from an earlier round: that one failed and the commander chose to try again
            String justification = BACKUP_ID.optionalFrom(execution)
                    .map(failed -> "again after " + failed + " failed, as the commander decided")
                    .orElse(BACKUP_KIND.from(execution) + " backup by the classification (" + SEVERITY.from(execution) + ")");
            IncidentService.EmergencyBackup backup = incidents.startEmergencyBackup(INCIDENT_ID.from(execution),
                    BackupMethod.parse(BACKUP_KIND.from(execution)), IncidentService.RUNBOOK, justification,
                    EMERGENCY_TARGET.optionalFrom(execution).orElse(null));
            BACKUP_ID.set(execution, backup.backupId());
            BACKUP_STATUS.set(execution, backup.status().name());
            BACKUP_FINISHED.set(execution, backup.status() != BackupStatus.RUNNING);
            RPO_BUDGET.set(execution, backup.rpo().toString());
        };
    }

    @Bean
    JavaDelegate recordBackupOverdue(IncidentService incidents) {
        return execution -> incidents.backupOverdue(INCIDENT_ID.from(execution), BACKUP_ID.from(execution), RPO_BUDGET.from(execution));
    }

    @Bean
    JavaDelegate prepareAssessment(IncidentService incidents) {
        return execution -> {
            IncidentService.Assessment assessment = incidents.assessment(INCIDENT_ID.from(execution));
            DEPENDENTS.set(execution, assessment.dependents());
            ALERTS_SUMMARY.set(execution, assessment.alertsSummary());
            LAST_GOOD_BACKUP.set(execution, assessment.lastGoodBackup());
            ALL_ALERTS_RESOLVED.set(execution, assessment.allAlertsResolved());
            EMERGENCY_BACKUP.set(execution, BACKUP_ID.optionalFrom(execution)
                    .map(id -> id + ": " + BACKUP_STATUS.optionalFrom(execution).orElse("RUNNING"))
                    .orElse("none: the classification asked for no backup"));
        };
    }

    @Bean
    JavaDelegate resolveIncident(IncidentService incidents) {
        return execution -> incidents.resolve(INCIDENT_ID.from(execution), RESOLUTION.from(execution), actor(execution));
    }

    /** Every completed commander or operator task is a decision on the incident's timeline: who, when, what. */
    @Bean
    TaskListener recordDecision(IncidentService incidents) {
        return task -> incidents.recordDecision(INCIDENT_ID.from(task), actor(task), task.getName() + ": " + decisionOf(task));
    }

    private static String decisionOf(DelegateTask task) {
        return switch (IncidentRunbook.Element.valueOf(task.getTaskDefinitionKey())) {
            case Triage -> "service " + TRIAGE_SERVICE.from(task);
            case Assess -> ASSESSMENT_NOTES.from(task);
            case ConfirmRecovery -> RECOVERY_CONFIRMED.optionalFrom(task).orElse(false) ? "recovered" : "not recovered yet";
            case Resolve -> RESOLUTION.from(task);
            case HandleOverdueBackup -> OVERDUE_ACTION.from(task);
            default -> throw new IllegalStateException(task.getTaskDefinitionKey() + " is not a decision of the incident runbook");
        };
    }

    private static String actor(DelegateTask task) {
        String user = authenticatedUser(task);
        return user != null ? user : task.getAssignee() != null ? task.getAssignee() : IncidentService.RUNBOOK;
    }

    private static String actor(DelegateExecution execution) {
        String user = authenticatedUser(execution);
        return user != null ? user : IncidentService.RUNBOOK;
    }

    /** The Tasklist or REST user completing the step; null when the job executor runs it. */
    private static String authenticatedUser(ProcessEngineServicesAware step) {
        Authentication authentication = step.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication == null ? null : authentication.getUserId();
    }
}
