package io.lifeboat.retention;

import io.lifeboat.engine.FourEyes;
import io.lifeboat.engine.ProcessVariable;

/**
 * The {@code backup-deletion} runbook ({@code processes/backup-deletion.bpmn}): an operator's request to delete one
 * backup, decided by an approver who is not the requester. The business key is the backup id.
 */
public final class BackupDeletionRunbook {

    public static final String KEY = "backup-deletion";

    /** Element ids, as in the diagram. */
    public enum Element {
        DeletionRequested,
        ApproveDeletion,
        ApprovedGateway,
        DeleteBackup,
        BackupDeleted,
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

        private Variables() {
        }
    }

    private BackupDeletionRunbook() {
    }
}
