package io.lifeboat.restore;

import io.lifeboat.engine.ProcessVariable;
import io.lifeboat.security.Roles;

/**
 * The {@code restore} runbook ({@code processes/restore.bpmn}): its key, its element ids and its variables.
 * Delegates and tests use these, never the strings.
 */
public final class RestoreRunbook {

    public static final String KEY = "restore";

    /** The external task topic of every tool step, worked by {@link RestoreTaskHandler} in-process or on a data host. */
    public static final String TOPIC = "backup-restore";

    /** Who approves an in-place restore: a commander, never the requester. */
    public static final String APPROVAL_GROUP = Roles.COMMANDERS;

    /** The message the end of the safety backup sends ({@link SafetyBackupListener}). */
    public static final String MESSAGE_SAFETY_BACKUP_FINISHED = "SafetyBackupFinished";

    /** BPMN error codes. */
    public static final String ERROR_SERVICE_BUSY = "SERVICE_BUSY";
    public static final String ERROR_INSUFFICIENT_CAPACITY = "INSUFFICIENT_CAPACITY";
    public static final String ERROR_SAFETY_BACKUP_FAILED = "SAFETY_BACKUP_FAILED";
    public static final String ERROR_RESTORE_FAILED = "RESTORE_FAILED";
    public static final String ERROR_VERIFICATION_FAILED = "VERIFICATION_FAILED";
    public static final String ERROR_CHECK_FAILED = "CHECK_FAILED";
    public static final String ERROR_UNHEALTHY = "UNHEALTHY";

    /** Element ids, as in the diagram. */
    public enum Element {
        RestoreRequested,
        ModeGateway,
        ApproveRestore,
        ApprovedGateway,
        RecordRejection,
        RestoreRejected,
        ApprovalJoin,
        ClaimJoin,
        ClaimService,
        ServiceBusy,
        WaitForService,
        CheckCapacity,
        CapacityInsufficient,
        PreparationGateway,
        SafetyGateway,
        StartSafetyBackup,
        WaitForSafetyBackup,
        RecordSafetyBackup,
        SafetyBackupFailed,
        SafetyJoin,
        BeforeRestore,
        PreparedJoin,
        BesideProduction,
        BesideProductionStarted,
        RestoreData,
        VerifyRestored,
        RunChecks,
        Restored,
        FailedBeforeSwitch,
        DiscardRestored,
        RestartGateway,
        RestartAfterFailure,
        FailureJoin,
        RecordFailure,
        RestoreFailed,
        SwitchGateway,
        SwitchIn,
        AfterRestore,
        CheckService,
        ServiceUnhealthy,
        StopForRollback,
        SwitchBack,
        RestartAfterRollback,
        RecordRollback,
        RestoreRolledBack,
        RecordJoin,
        RecordRestore,
        KeepGateway,
        PreviousGateway,
        NothingAside,
        KeepPrevious,
        DiscardPrevious,
        PreviousDiscarded,
        SafetyHeldGateway,
        NoSafetyHold,
        KeepSafetyBackup,
        ReleaseSafetyBackup,
        SafetyBackupReleased;

        public String id() {
            return name();
        }

        /** The step a BPMN error code of this runbook comes from, for the record of a failed restore. */
        static Element failedAt(String errorCode) {
            return switch (errorCode) {
                case ERROR_INSUFFICIENT_CAPACITY -> CheckCapacity;
                case ERROR_SAFETY_BACKUP_FAILED -> RecordSafetyBackup;
                case ERROR_RESTORE_FAILED -> RestoreData;
                case ERROR_VERIFICATION_FAILED -> VerifyRestored;
                case ERROR_CHECK_FAILED -> RunChecks;
                default -> throw new IllegalArgumentException("no step of the restore runbook throws '" + errorCode + "'");
            };
        }
    }

    public static final class Variables {
        public static final ProcessVariable<String> RESTORE_ID = ProcessVariable.of("restoreId", String.class);
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        /** The backup restored, the restore point. */
        public static final ProcessVariable<String> RESTORE_POINT = ProcessVariable.of("restorePoint", String.class);
        /** Where the restore point's snapshots were written. */
        public static final ProcessVariable<String> STORAGE_TARGET = ProcessVariable.of("storageTarget", String.class);
        public static final ProcessVariable<Boolean> IN_PLACE = ProcessVariable.of("inPlace", Boolean.class);
        /** What each data source's agent is asked, as {@link RestoreJson} (no secrets: settings stay in the catalog). */
        public static final ProcessVariable<String> PLAN = ProcessVariable.of("plan", String.class);
        /** Where each data source's restored data is, as {@link RestoreJson}, set by the restore step. */
        public static final ProcessVariable<String> RESTORED = ProcessVariable.of("restored", String.class);
        /** The checks' results, as {@link RestoreJson}. */
        public static final ProcessVariable<String> CHECKS = ProcessVariable.of("checks", String.class);
        /** The approval's answer. */
        public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.of("approved", Boolean.class);
        public static final ProcessVariable<String> DECISION_COMMENT = ProcessVariable.of("decisionComment", String.class);
        /** A commander waived the safety backup with the approval; its reason is the decision's comment. */
        public static final ProcessVariable<Boolean> WAIVE_SAFETY_BACKUP = ProcessVariable.of("waiveSafetyBackup", Boolean.class);
        public static final ProcessVariable<Boolean> TAKE_SAFETY_BACKUP = ProcessVariable.of("takeSafetyBackup", Boolean.class);
        public static final ProcessVariable<String> SAFETY_BACKUP_ID = ProcessVariable.of("safetyBackupId", String.class);
        public static final ProcessVariable<String> SAFETY_HOLD_ID = ProcessVariable.of("safetyHoldId", String.class);
        /** The safety backup's snapshots, as {@link RestoreJson}, for a switch back that restores from it (pgbackrest). */
        public static final ProcessVariable<String> PREVIOUS = ProcessVariable.of("previous", String.class);
        /** ISO-8601 durations from {@code lifeboat.restore.*}, for the keep timers. */
        public static final ProcessVariable<String> KEEP_PREVIOUS = ProcessVariable.of("keepPrevious", String.class);
        public static final ProcessVariable<String> KEEP_SAFETY_BACKUP = ProcessVariable.of("keepSafetyBackup", String.class);
        /** Local input of the hook tasks: which hook of the service to run. */
        public static final ProcessVariable<String> HOOK = ProcessVariable.of("hook", String.class);
        public static final ProcessVariable<String> FAILURE_REASON = ProcessVariable.of("failureReason", String.class);
        /** The BPMN error code the failure path was taken with: which step failed. */
        public static final ProcessVariable<String> FAILURE_CODE = ProcessVariable.of("failureCode", String.class);

        private Variables() {
        }
    }

    private RestoreRunbook() {
    }
}
