package io.lifeboat.retention;

import io.lifeboat.engine.FourEyes;
import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code backup-deletion} runbook ({@code processes/backup-deletion.bpmn}): an operator's request to delete one
 * backup, decided by an approver who is not the requester. The business key is the backup id.
 */
public final class BackupDeletionRunbook {

    public static final String KEY = "backup-deletion";

    /**
     * The external task that deletes one backup's data (DeleteBackup, here and in the retention sweep), worked by
     * {@link DeleteTaskHandler} inside Lifeboat or in an agent on a data host, the one that reaches the repository.
     */
    public static final String TOPIC_DELETE = "backup-delete";

    /** BPMN error codes: CheckHolds found a legal hold; S3 Object Lock keeps the objects; the agent failed for good. */
    public static final String ERROR_BACKUP_HELD = "BACKUP_HELD";
    public static final String ERROR_OBJECT_LOCKED = "OBJECT_LOCKED";
    public static final String ERROR_DELETE_FAILED = "DELETE_FAILED";

    /** Element ids, as in the diagram. */
    public enum Element {
        DeletionRequested,
        ApproveDeletion,
        ApprovedGateway,
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
        RecordRejection,
        DeletionRejected;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        // backupId, serviceId, requester and reason are shown on the form; the steps take the backup from the
        // business key and the requester from Lifeboat's record of the request (RunbookRequests), which no
        // completion of the task can overwrite
        public static final ProcessVariable<String> BACKUP_ID = ProcessVariable.of("backupId", String.class);
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        public static final ProcessVariable<String> REQUESTER = ProcessVariable.of("requester", String.class);
        public static final ProcessVariable<String> REASON = ProcessVariable.of("reason", String.class);
        /** For the form: when the backup was taken and how old it is. */
        public static final ProcessVariable<String> BACKUP_AGE = ProcessVariable.of("backupAge", String.class);
        /** For the form: whether this is the service's newest good backup, and if not, which one is. */
        public static final ProcessVariable<String> NEWEST_GOOD_BACKUP = ProcessVariable.of("newestGoodBackup", String.class);
        /** The approver's decision, from the form. */
        public static final ProcessVariable<Boolean> APPROVED = ProcessVariable.of("approved", Boolean.class);
        public static final ProcessVariable<String> DECISION_NOTE = ProcessVariable.of("decisionNote", String.class);
        /** Who decided: set when the task is completed, from the engine's authenticated user. */
        public static final ProcessVariable<String> DECIDED_BY = FourEyes.DECIDED_BY;

        // the delete task's own (local) variables, set as it starts: what the worker needs, as it has no database
        /** The target the backup was written to. */
        public static final ProcessVariable<String> STORAGE_TARGET = ProcessVariable.of("storageTarget", String.class);
        /** The backup's snapshots per data source, as backup.AgentResultsJson. */
        public static final ProcessVariable<String> ARTIFACTS = ProcessVariable.of("artifacts", String.class);
        /** False until the worker completes the task, having deleted every snapshot (or found it gone). */
        public static final ProcessVariable<Boolean> DELETED = ProcessVariable.of("deleted", Boolean.class);

        /** Why the backup is kept: the error code (ERROR_BACKUP_HELD or ERROR_OBJECT_LOCKED) and its message. */
        public static final ProcessVariable<String> KEPT_BY = ProcessVariable.of("keptBy", String.class);
        public static final ProcessVariable<String> KEPT_BECAUSE = ProcessVariable.of("keptBecause", String.class);
        /** What the agent said when the deletion failed for good. */
        public static final ProcessVariable<String> FAILURE_REASON = ProcessVariable.of("failureReason", String.class);

        private Variables() {
        }
    }

    private BackupDeletionRunbook() {
    }
}
