package io.lifeboat.backup;

import java.util.Date;

import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code backup} runbook ({@code processes/backup.bpmn}): its key, its element ids and its variables.
 * Delegates and tests use these, never the strings.
 */
public final class BackupRunbook {

    public static final String KEY = "backup";

    /** External task topics, worked by {@link BackupTaskHandler} in-process or in an agent on a data host. */
    public static final String TOPIC_AGENT = "backup-agent";
    public static final String TOPIC_VERIFY = "backup-verify";

    /** BPMN error codes. */
    public static final String ERROR_BACKUP_RUNNING = "BACKUP_RUNNING";
    public static final String ERROR_INSUFFICIENT_CAPACITY = "INSUFFICIENT_CAPACITY";
    public static final String ERROR_UNHEALTHY = "UNHEALTHY";
    public static final String ERROR_QUIESCE_FAILED = "QUIESCE_FAILED";
    public static final String ERROR_AGENT_FAILED = "AGENT_FAILED";
    public static final String ERROR_VERIFICATION_FAILED = "VERIFICATION_FAILED";

    /** Element ids, as in the diagram. */
    public enum Element {
        BackupRequested,
        PolicyJoin,
        ResolvePolicy,
        BlackoutGateway,
        WaitForBlackoutEnd,
        RecordRefusal,
        RefusedInBlackout,
        ClaimService,
        ServiceBusy,
        RecordSkip,
        SkippedAlreadyRunning,
        CheckCapacity,
        CapacityInsufficient,
        HealthCheck,
        ServiceUnhealthy,
        Frozen,
        FreezeStarted,
        Quiesce,
        RunAgent,
        AgentDone,
        FailedWhileFrozen,
        Thaw,
        ThawAfterFailure,
        Verify,
        VerificationFailed,
        RecordBackup,
        AuditBackup,
        BackupSucceeded,
        FailureJoin,
        RecordFailure,
        BackupFailed;

        public String id() {
            return name();
        }

        /** The step a BPMN error code of this runbook comes from, for the record of a failed backup. */
        static Element failedAt(String errorCode) {
            return switch (errorCode) {
                case ERROR_INSUFFICIENT_CAPACITY -> CheckCapacity;
                case ERROR_UNHEALTHY -> HealthCheck;
                case ERROR_QUIESCE_FAILED -> Quiesce;
                case ERROR_AGENT_FAILED -> RunAgent;
                case ERROR_VERIFICATION_FAILED -> Verify;
                default -> throw new IllegalArgumentException("no step of the backup runbook throws '" + errorCode + "'");
            };
        }
    }

    /** What the blackout check decided, in variable {@link Variables#BLACKOUT}. */
    public enum Blackout {
        NONE, WAIT, REFUSE, OVERRIDE
    }

    public static final class Variables {
        public static final ProcessVariable<String> BACKUP_ID = ProcessVariable.of("backupId", String.class);
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        public static final ProcessVariable<String> TRIGGER = ProcessVariable.of("trigger", String.class);
        public static final ProcessVariable<String> REASON = ProcessVariable.of("reason", String.class);
        public static final ProcessVariable<String> INITIATOR = ProcessVariable.of("initiator", String.class);
        /** Set for emergency backups: the incident they are taken for. */
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.of("incidentId", String.class);
        public static final ProcessVariable<String> BLACKOUT = ProcessVariable.of("blackout", String.class);
        public static final ProcessVariable<String> BLACKOUT_WINDOW = ProcessVariable.of("blackoutWindow", String.class);
        public static final ProcessVariable<Date> BLACKOUT_ENDS_AT = ProcessVariable.of("blackoutEndsAt", Date.class);
        public static final ProcessVariable<String> REFUSAL = ProcessVariable.of("refusal", String.class);
        public static final ProcessVariable<String> RUNNING_BACKUP_ID = ProcessVariable.of("runningBackupId", String.class);
        /**
         * The backup method an incident's classification chose for its emergency backup ({@code full},
         * {@code incremental}); absent, the agents make the policy's.
         */
        public static final ProcessVariable<String> METHOD = ProcessVariable.of("method", String.class);
        /** Where the agents write: the policy's normal target, or its incident pool for an emergency backup. */
        public static final ProcessVariable<String> STORAGE_TARGET = ProcessVariable.of("storageTarget", String.class);
        /** What the agent step made, per data source, as {@link AgentResultsJson} (snapshot ids and sizes only). */
        public static final ProcessVariable<String> ARTIFACTS = ProcessVariable.of("artifacts", String.class);
        /** What the verify step found, per data source, as {@link AgentResultsJson}. */
        public static final ProcessVariable<String> VERIFICATIONS = ProcessVariable.of("verifications", String.class);
        public static final ProcessVariable<String> FAILURE_REASON = ProcessVariable.of("failureReason", String.class);
        /** The BPMN error code the failure path was taken with: which step failed. */
        public static final ProcessVariable<String> FAILURE_CODE = ProcessVariable.of("failureCode", String.class);
        /**
         * Set for a restore's safety backup: the restore, which holds the service's claim and lets this backup run
         * under it, since no other backup or restore may run meanwhile.
         */
        public static final ProcessVariable<String> CLAIMED_BY = ProcessVariable.of("claimedBy", String.class);
        /** Local input of the hook tasks: which hook of the service to run. */
        public static final ProcessVariable<String> HOOK = ProcessVariable.of("hook", String.class);

        private Variables() {
        }
    }

    private BackupRunbook() {
    }
}
