package io.lifeboat.retention;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.lifeboat.engine.RefusedAnswer;

import static io.lifeboat.retention.RetentionSweepRunbook.Variables.APPROVED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DECISION_NOTE;

/**
 * On completing ApproveDeletions: a decision is approve or reject, and a rejection says why, for the audit trail and
 * the sweep's report. Refused, the task stays open and the REST API and Tasklist answer 400 with the message.
 */
@Component("sweepApprovalCheck")
public class SweepApprovalCheck implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        Boolean approved = APPROVED.optionalFrom(task).orElse(null);
        if (approved == null) {
            throw new RefusedAnswer(APPROVED.name(), "'" + task.getName() + "' needs a decision: "
                    + APPROVED.name() + " true to delete, false to keep the backups");
        }
        if (!approved && DECISION_NOTE.optionalFrom(task).map(String::isBlank).orElse(true)) {
            throw new RefusedAnswer(DECISION_NOTE.name(), "a rejection needs a note saying why the backups"
                    + " are kept (" + DECISION_NOTE.name() + ")");
        }
    }
}
