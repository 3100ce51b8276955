package io.lifeboat.retention;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

import static io.lifeboat.retention.BackupDeletionRunbook.Variables.APPROVED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REQUESTER;

/**
 * Completing the approval task: records who decided, and refuses an approval by the requester, so the task stays
 * open for another approver (Tasklist and {@code /engine-rest} show the message). Task authorizations let the
 * requester see the task only when they are an approver too; this check is what keeps four eyes on every deletion.
 */
@Component("checkDeletionDecider")
public class DeletionDeciderCheck implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw new IllegalStateException("the deletion of backup " + BACKUP_ID.from(task)
                    + " can only be decided by an authenticated approver");
        }
        String decider = authentication.getUserId();
        if (APPROVED.from(task) && decider.equals(REQUESTER.from(task))) {
            throw new IllegalArgumentException(decider + " requested the deletion of backup " + BACKUP_ID.from(task)
                    + " and cannot approve it; another approver must decide");
        }
        DECIDED_BY.set(task, decider);
    }
}
