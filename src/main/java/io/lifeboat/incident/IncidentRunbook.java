package io.lifeboat.incident;

import java.util.Arrays;
import java.util.Optional;

import org.camunda.spin.json.SpinJsonNode;

import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code incident-response} runbook ({@code processes/incident-response.bpmn}) and its classification table
 * ({@code processes/incident-classification.dmn}): keys, element ids and variables.
 */
public final class IncidentRunbook {

    public static final String KEY = "incident-response";
    public static final String DECISION_KEY = "incident-classification";
    /** Correlated into a waiting incident when its emergency backup ends, either way. */
    public static final String MESSAGE_BACKUP_FINISHED = "BackupFinished";
    /** The triage choice that drops an alert belonging to none of the catalog's services. */
    public static final String DISMISS = "dismiss";

    public enum Element {
        IncidentOpened,
        ServiceKnownGateway,
        Triage,
        TriageGateway,
        RecordDismissal,
        IncidentDismissed,
        AssignService,
        ClassifyJoin,
        Classify,
        RecordClassification,
        BackupNeededGateway,
        EmergencyBackupJoin,
        StartEmergencyBackup,
        BackupFinishedGateway,
        WaitForBackup,
        BackupOverdue,
        RecordBackupOverdue,
        HandleOverdueBackup,
        OverdueHandled,
        BackupDoneJoin,
        RecordBackupOutcome,
        BackupOutcomeGateway,
        EmergencyBackupFailed,
        FailedBackupDecisionGateway,
        AfterBackupJoin,
        AssessJoin,
        PrepareAssessment,
        Assess,
        RestoreOnAssessGateway,
        RequestRestoreOnAssess,
        RestoreOnAssessJoin,
        ConfirmRecovery,
        RestoreOnConfirmGateway,
        RequestRestoreOnConfirm,
        RestoreOnConfirmJoin,
        RecoveredGateway,
        Resolve,
        ResolveIncident,
        IncidentResolved;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.of("incidentId", String.class);
        /** Null until the alert is matched to a service, by the catalog or in triage. */
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        public static final ProcessVariable<Integer> TIER = ProcessVariable.of("tier", Integer.class);
        public static final ProcessVariable<String> SEVERITY = ProcessVariable.of("severity", String.class);
        /**
         * What triage's select offers, set when an incident opens without a service: a JSON array of
         * {@code {label, value}}, each catalog service by name and tier, then "not ours: dismiss" ({@link #DISMISS}).
         */
        public static final ProcessVariable<SpinJsonNode> TRIAGE_CHOICES = ProcessVariable.of("triageChoices", SpinJsonNode.class);
        /** Triage's answer: a catalog id or {@link IncidentRunbook#DISMISS}. */
        public static final ProcessVariable<String> TRIAGE_SERVICE = ProcessVariable.of("triageService", String.class);
        /** The classification's emergency backup: {@code none}, or its method ({@code incremental}, {@code full}). */
        public static final ProcessVariable<String> BACKUP_KIND = ProcessVariable.of("backupKind", String.class);
        public static final ProcessVariable<Boolean> PAGE_COMMANDER = ProcessVariable.of("pageCommander", Boolean.class);
        public static final ProcessVariable<Boolean> PROPOSE_CONTINUITY = ProcessVariable.of("proposeContinuity", Boolean.class);
        public static final ProcessVariable<String> BACKUP_ID = ProcessVariable.of("backupId", String.class);
        public static final ProcessVariable<Boolean> BACKUP_FINISHED = ProcessVariable.of("backupFinished", Boolean.class);
        /** RUNNING, SUCCEEDED or FAILED, as the backup record says. */
        public static final ProcessVariable<String> BACKUP_STATUS = ProcessVariable.of("backupStatus", String.class);
        /** The service's RPO as an ISO duration: how long the emergency backup may take before operators are called. */
        public static final ProcessVariable<String> RPO_BUDGET = ProcessVariable.of("rpoBudget", String.class);
        // when the emergency backup failed: what the commander sees and decides (EmergencyBackupFailed)
        /** The failed step and its error. */
        public static final ProcessVariable<String> BACKUP_FAILURE = ProcessVariable.of("backupFailure", String.class);
        /** The storage target the failed backup went to. */
        public static final ProcessVariable<String> BACKUP_TARGET = ProcessVariable.of("backupTarget", String.class);
        /** The configured storage targets, as the form's select lists them: a JSON array of {label, value} (a Json variable, which Tasklist hands to the form as such). */
        public static final ProcessVariable<SpinJsonNode> STORAGE_TARGET_CHOICES = ProcessVariable.of("storageTargetChoices", SpinJsonNode.class);
        /** A {@link FailedBackupAction#value()}. */
        public static final ProcessVariable<String> FAILED_BACKUP_ACTION = ProcessVariable.of("failedBackupAction", String.class);
        public static final ProcessVariable<String> FAILED_BACKUP_TARGET = ProcessVariable.of("failedBackupTarget", String.class);
        public static final ProcessVariable<String> FAILED_BACKUP_REASON = ProcessVariable.of("failedBackupReason", String.class);
        /** Where the next emergency backup goes when the commander chose a target; unset: the policy's. */
        public static final ProcessVariable<String> EMERGENCY_TARGET = ProcessVariable.of("emergencyTarget", String.class);
        // what the commander's forms show, written afresh for each round of assessment
        /** The service by name, id and tier, e.g. {@code Ticket database (ticket-db), tier 1}. */
        public static final ProcessVariable<String> SERVICE_LABEL = ProcessVariable.of("serviceLabel", String.class);
        public static final ProcessVariable<String> DEPENDENTS = ProcessVariable.of("dependents", String.class);
        public static final ProcessVariable<String> ALERTS_SUMMARY = ProcessVariable.of("alertsSummary", String.class);
        /** The newest verified backup started before the incident opened, and its age then against the RPO. */
        public static final ProcessVariable<String> LAST_GOOD_BACKUP = ProcessVariable.of("lastGoodBackup", String.class);
        /** The backup taken for the incident: status, verified, size, duration, and the reason it failed. */
        public static final ProcessVariable<String> EMERGENCY_BACKUP = ProcessVariable.of("emergencyBackup", String.class);
        public static final ProcessVariable<Boolean> ALL_ALERTS_RESOLVED = ProcessVariable.of("allAlertsResolved", Boolean.class);
        // what the commander enters; the round's fields start empty in each round of assessment
        public static final ProcessVariable<String> ASSESSMENT_NOTES = ProcessVariable.of("assessmentNotes", String.class);
        public static final ProcessVariable<Boolean> RECOVERY_CONFIRMED = ProcessVariable.of("recoveryConfirmed", Boolean.class);
        public static final ProcessVariable<String> RECOVERY_NOTES = ProcessVariable.of("recoveryNotes", String.class);
        public static final ProcessVariable<String> RESOLUTION = ProcessVariable.of("resolution", String.class);
        public static final ProcessVariable<String> OVERDUE_ACTION = ProcessVariable.of("overdueAction", String.class);
        // a restore the commander may ask for on Assess and Confirm recovery, emptied as each of those tasks is created
        /**
         * The service's newest verified backups, as the form's select lists them: a JSON array of {label, value}, the
         * value a backup id.
         */
        public static final ProcessVariable<SpinJsonNode> RESTORE_CHOICES = ProcessVariable.of("restoreChoices", SpinJsonNode.class);
        /** The backup to restore the service in place from, one of {@link #RESTORE_CHOICES}; empty: no restore. */
        public static final ProcessVariable<String> RESTORE_BACKUP_ID = ProcessVariable.of("restoreBackupId", String.class);
        public static final ProcessVariable<String> RESTORE_REASON = ProcessVariable.of("restoreReason", String.class);
        /**
         * Who asked for the restore on the task just completed, as the engine authenticated them, for the asynchronous
         * step that requests it; null when nobody did.
         */
        public static final ProcessVariable<String> RESTORE_REQUESTED_BY = ProcessVariable.of("restoreRequestedBy", String.class);
        /** Who completed Resolve, as the engine authenticated them, for the asynchronous step that closes the incident. */
        public static final ProcessVariable<String> RESOLVED_BY = ProcessVariable.of("resolvedBy", String.class);

        private Variables() {
        }
    }

    /** What the commander decides when the emergency backup failed. */
    public enum FailedBackupAction {
        RETRY("retry"),
        OTHER_TARGET("other-target"),
        CONTINUE("continue");

        private final String value;

        FailedBackupAction(String value) {
            this.value = value;
        }

        /** As the form and the diagram's condition spell it. */
        public String value() {
            return value;
        }

        public static Optional<FailedBackupAction> parse(String value) {
            return Arrays.stream(values()).filter(action -> action.value.equals(value)).findFirst();
        }
    }

    private IncidentRunbook() {
    }
}
