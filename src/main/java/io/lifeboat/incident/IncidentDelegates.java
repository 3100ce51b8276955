package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.ProcessEngineServicesAware;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.engine.Decider;

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
import static io.lifeboat.incident.IncidentRunbook.Variables.RECOVERY_NOTES;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESOLVED_BY;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESOLUTION;
import static io.lifeboat.incident.IncidentRunbook.Variables.RPO_BUDGET;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_LABEL;
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
        return execution -> {
            incidents.recordClassification(INCIDENT_ID.from(execution), SEVERITY.from(execution), TIER.from(execution),
                    BACKUP_KIND.from(execution), PAGE_COMMANDER.from(execution), PROPOSE_CONTINUITY.from(execution));
            // from here on the service is known: every form after this step names it (Assess, backup overdue or failed)
            SERVICE_LABEL.set(execution, incidents.serviceLabel(SERVICE_ID.from(execution)));
        };
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

    /**
     * The facts of this round of assessment, and its fields emptied: each round's notes are the commander's words
     * for that round, already on the timeline, not the last round's text to edit.
     */
    @Bean
    JavaDelegate prepareAssessment(IncidentService incidents) {
        return execution -> {
            IncidentService.Assessment assessment = incidents.assessment(INCIDENT_ID.from(execution),
                    BACKUP_ID.optionalFrom(execution).orElse(null));
            DEPENDENTS.set(execution, assessment.dependents());
            ALERTS_SUMMARY.set(execution, assessment.alertsSummary());
            LAST_GOOD_BACKUP.set(execution, assessment.lastGoodBackup());
            EMERGENCY_BACKUP.set(execution, assessment.emergencyBackup());
            ALL_ALERTS_RESOLVED.set(execution, assessment.allAlertsResolved());
            ASSESSMENT_NOTES.remove(execution);
            RECOVERY_CONFIRMED.remove(execution);
            RECOVERY_NOTES.remove(execution);
        };
    }

    @Bean
    JavaDelegate resolveIncident(IncidentService incidents) {
        return execution -> incidents.resolve(INCIDENT_ID.from(execution), RESOLUTION.from(execution), RESOLVED_BY.from(execution));
    }

    /**
     * Every completed commander or operator task is a decision under the name of the user the engine authenticated:
     * on the timeline and in the audit trail, with what they wrote. Triage is checked here and recorded by the step it
     * leads to; Resolve is recorded by the step that closes the incident, after the async boundary.
     */
    @Bean
    TaskListener recordDecision(IncidentService incidents) {
        return task -> {
            String decider = Decider.of(task);
            String incidentId = INCIDENT_ID.from(task);
            switch (IncidentRunbook.Element.valueOf(task.getTaskDefinitionKey())) {
                case Triage -> incidents.checkTriage(TRIAGE_SERVICE.optionalFrom(task).orElse(null));
                case Assess -> incidents.recordDecision(incidentId, decider, "incident.assessed", "Assessment",
                        ASSESSMENT_NOTES.optionalFrom(task).orElse(null));
                case ConfirmRecovery -> {
                    boolean recovered = RECOVERY_CONFIRMED.optionalFrom(task).orElse(false);
                    RECOVERY_CONFIRMED.set(task, recovered);
                    incidents.recordDecision(incidentId, decider, recovered ? "incident.recovery-confirmed" : "incident.recovery-not-confirmed",
                            recovered ? "Recovery confirmed" : "Not recovered yet, back to assessment", RECOVERY_NOTES.optionalFrom(task).orElse(null));
                }
                case Resolve -> RESOLVED_BY.set(task, decider);
                case HandleOverdueBackup -> incidents.recordDecision(incidentId, decider, "incident.backup-overdue-handled",
                        "Overdue emergency backup handled", OVERDUE_ACTION.optionalFrom(task).orElse(null));
                default -> throw new IllegalStateException(task.getTaskDefinitionKey() + " is not a decision of the incident runbook");
            }
        };
    }

    private static String actor(DelegateExecution execution) {
        String user = authenticatedUser(execution);
        return user != null ? user : IncidentService.RUNBOOK;
    }

    /** The Tasklist or REST user whose completion runs the step; null when the job executor runs it. */
    private static String authenticatedUser(ProcessEngineServicesAware step) {
        Authentication authentication = step.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return authentication == null ? null : authentication.getUserId();
    }
}
