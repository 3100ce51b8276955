package io.lifeboat.retention;

import java.time.Clock;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;

import static io.lifeboat.retention.RetentionSweepRunbook.Variables.APPROVAL_NEEDED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.APPROVED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DECISION_NOTE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DELETED;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.DELETIONS_TO_APPROVE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.KEPT_BECAUSE;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.KEPT_BY;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.REQUESTER;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.RUNNING_SWEEP;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.SUMMARY;

/**
 * The {@code retention-sweep} runbook's delegates; a sweep is identified by its process instance. DeleteExpired
 * goes over {@code retentionSweep.expiredBackups} and shares its hold check and its delete task's preparation with
 * the {@code backup-deletion} runbook ({@link BackupDeletionDelegates}).
 */
@Configuration(proxyBeanMethods = false)
public class RetentionSweepDelegates {

    /** The daily sweep's requester is the timer, so any approver may decide its deletions (four eyes need a record). */
    @Bean
    JavaDelegate recordScheduledRequest(RunbookRequests requests, Clock clock) {
        return execution -> requests.record(new RunbookRequest(execution.getProcessInstanceId(), RetentionSweepRunbook.KEY,
                execution.getProcessInstanceId(), RetentionSweep.SYSTEM, "daily sweep at 03:00", clock.instant()));
    }

    @Bean
    JavaDelegate claimSweep(SweepClaim claim) {
        return execution -> {
            Optional<String> running = claim.runningSweepOtherThan(execution.getProcessInstanceId());
            if (running.isPresent()) {
                RUNNING_SWEEP.set(execution, running.get());
                throw new BpmnError(RetentionSweepRunbook.ERROR_SWEEP_RUNNING, "sweep " + running.get() + " is running");
            }
        };
    }

    @Bean
    JavaDelegate recordSkippedSweep(RetentionSweep sweep) {
        return execution -> sweep.recordSkip(execution.getProcessInstanceId(),
                INITIATOR.optionalFrom(execution).orElse(RetentionSweep.SYSTEM), RUNNING_SWEEP.from(execution));
    }

    @Bean
    JavaDelegate planRetention(RetentionSweep sweep, RunbookRequests requests) {
        return execution -> {
            String sweepId = execution.getProcessInstanceId();
            boolean approvalNeeded = sweep.plan(sweepId, INITIATOR.optionalFrom(execution).orElse(RetentionSweep.SYSTEM));
            APPROVAL_NEEDED.set(execution, approvalNeeded);
            if (approvalNeeded) {
                DELETIONS_TO_APPROVE.set(execution, sweep.deletionsToApprove(sweepId));
                REQUESTER.set(execution, requests.requesterOf(sweepId).orElse(RetentionSweep.SYSTEM));
            }
        };
    }

    /** The decision comes from the approver's form, who decided from the engine's authenticated user ({@code fourEyes}). */
    @Bean
    JavaDelegate recordApproval(RetentionSweep sweep) {
        return execution -> sweep.recordDecision(execution.getProcessInstanceId(), APPROVED.from(execution),
                DECIDED_BY.from(execution), DECISION_NOTE.optionalFrom(execution).orElse(null));
    }

    /** As DeleteBackup ends: once the worker deleted the data (not when an error ends the task), the sweep records it. */
    @Bean
    ExecutionListener recordExpiredBackupDeleted(RetentionSweep sweep) {
        return execution -> {
            if (DELETED.from(execution)) {
                sweep.recordDeleted(execution.getProcessInstanceId(), BACKUP_ID.from(execution));
            }
        };
    }

    @Bean
    JavaDelegate recordExpiredBackupKept(RetentionSweep sweep) {
        return execution -> sweep.recordKept(execution.getProcessInstanceId(), BACKUP_ID.from(execution),
                KEPT_BY.from(execution), KEPT_BECAUSE.from(execution));
    }

    @Bean
    JavaDelegate recordExpiredBackupFailure(RetentionSweep sweep) {
        return execution -> sweep.recordFailure(execution.getProcessInstanceId(), BACKUP_ID.from(execution),
                FAILURE_REASON.from(execution));
    }

    @Bean
    JavaDelegate reportSweep(RetentionSweep sweep) {
        return execution -> SUMMARY.set(execution, sweep.report(execution.getProcessInstanceId()));
    }
}
