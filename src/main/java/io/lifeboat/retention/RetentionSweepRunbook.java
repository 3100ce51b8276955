package io.lifeboat.retention;

import io.lifeboat.engine.FourEyes;
import io.lifeboat.engine.ProcessVariable;
import io.lifeboat.security.Roles;

/** The {@code retention-sweep} runbook ({@code processes/retention-sweep.bpmn}): key, element ids, variables. */
public final class RetentionSweepRunbook {

    public static final String KEY = "retention-sweep";

    /** Starts a sweep by hand (Camunda allows no plain start event beside the daily timer start). */
    public static final String MESSAGE_SWEEP_REQUESTED = "retention-sweep-requested";

    /** Thrown by ClaimSweep while another sweep runs; the sweep ends at SweepSkipped. */
    public static final String ERROR_SWEEP_RUNNING = "SWEEP_RUNNING";

    /** Decide ApproveDeletions: deletions of more than the maximum fraction of a service's backups. */
    public static final String APPROVAL_GROUP = Roles.APPROVERS;

    /** DeleteExpired deletes each backup as the {@code backup-deletion} runbook does, with the same task and errors. */
    public static final String TOPIC_DELETE = BackupDeletionRunbook.TOPIC_DELETE;
    public static final String ERROR_BACKUP_HELD = BackupDeletionRunbook.ERROR_BACKUP_HELD;
    public static final String ERROR_OBJECT_LOCKED = BackupDeletionRunbook.ERROR_OBJECT_LOCKED;
    public static final String ERROR_DELETE_FAILED = BackupDeletionRunbook.ERROR_DELETE_FAILED;

    /** Element ids, as in the diagram. */
    public enum Element {
        DailyAt3,
        RecordScheduledRequest,
        SweepRequested,
        StartJoin,
        ClaimSweep,
        SweepBusy,
        RecordSkippedSweep,
        SweepSkipped,
        PlanRetention,
        TooManyDeletions,
        ApproveDeletions,
        RecordApproval,
        ApprovalJoin,
        /** A sequential multi-instance subprocess: one backup after the other, as restic's prune locks its repository. */
        DeleteExpired,
        ExpiredBackup,
        CheckHolds,
        BackupHeld,
        DeleteBackup,
        ObjectLocked,
        DeleteFailed,
        BackupDeleted,
        KeptJoin,
        RecordKept,
        BackupKept,
        RecordDeleteFailure,
        DeletionFailed,
        ReportSweep,
        SweepDone;

        public String id() {
            return name();
        }
    }

    /** DeleteExpired as a whole, Camunda's id of its multi-instance body: where the sweep waits before it runs. */
    public static final String DELETE_EXPIRED_BODY = Element.DeleteExpired.id() + "#multiInstanceBody";

    public static final class Variables {
        /** Who asked; unset for the daily timer, which runs as {@link RetentionSweep#SYSTEM}. */
        public static final ProcessVariable<String> INITIATOR = ProcessVariable.of("initiator", String.class);
        public static final ProcessVariable<String> SUMMARY = ProcessVariable.of("summary", String.class);
        /** Set by ClaimSweep when another sweep runs: that sweep's process instance. */
        public static final ProcessVariable<String> RUNNING_SWEEP = ProcessVariable.of("runningSweep", String.class);
        /** Set by PlanRetention: some service's plan deletes more than the maximum fraction of its backups. */
        public static final ProcessVariable<Boolean> APPROVAL_NEEDED = ProcessVariable.of("approvalNeeded", Boolean.class);
        // for the approval form only; the steps read the plan and who asked from Lifeboat's tables
        public static final ProcessVariable<String> DELETIONS_TO_APPROVE = ProcessVariable.of("deletionsToApprove", String.class);
        public static final ProcessVariable<String> REQUESTER = ProcessVariable.of("requester", String.class);
        /** The approver's decision, from the form; a rejection needs a note. */
        public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.of("approved", Boolean.class);
        public static final ProcessVariable<String> DECISION_NOTE = ProcessVariable.of("decisionNote", String.class);
        /** Who decided: set when the task is completed, from the engine's authenticated user. */
        public static final ProcessVariable<String> DECIDED_BY = FourEyes.DECIDED_BY;

        // DeleteExpired's: each instance's backup (its element variable), then the delete task's, as in backup-deletion
        public static final ProcessVariable<String> BACKUP_ID = BackupDeletionRunbook.Variables.BACKUP_ID;
        public static final ProcessVariable<String> SERVICE_ID = BackupDeletionRunbook.Variables.SERVICE_ID;
        public static final ProcessVariable<String> STORAGE_TARGET = BackupDeletionRunbook.Variables.STORAGE_TARGET;
        public static final ProcessVariable<String> ARTIFACTS = BackupDeletionRunbook.Variables.ARTIFACTS;
        public static final ProcessVariable<Boolean> DELETED = BackupDeletionRunbook.Variables.DELETED;
        public static final ProcessVariable<String> KEPT_BY = BackupDeletionRunbook.Variables.KEPT_BY;
        public static final ProcessVariable<String> KEPT_BECAUSE = BackupDeletionRunbook.Variables.KEPT_BECAUSE;
        public static final ProcessVariable<String> FAILURE_REASON = BackupDeletionRunbook.Variables.FAILURE_REASON;

        private Variables() {
        }
    }

    private RetentionSweepRunbook() {
    }
}
