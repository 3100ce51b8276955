package io.lifeboat.retention;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;

import static io.lifeboat.retention.BackupDeletionRunbook.ERROR_BACKUP_HELD;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.ARTIFACTS;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECISION_NOTE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DELETED;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.KEPT_BECAUSE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.KEPT_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.SERVICE_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.STORAGE_TARGET;

/**
 * The {@code backup-deletion} runbook's delegates, by the bean names its diagram uses, and the two its delete step
 * shares with the retention sweep's (checkLegalHolds, prepareBackupDeletion). The backup is the business key and
 * the request is Lifeboat's record of it: variables a completion could set decide nothing here.
 */
@Configuration(proxyBeanMethods = false)
public class BackupDeletionDelegates {

    /** CheckHolds, in both runbooks: a held backup is not handed to the agents. */
    @Bean
    JavaDelegate checkLegalHolds(BackupDeletion deletion) {
        return execution -> deletion.holdOn(BACKUP_ID.from(execution)).ifPresent(hold -> {
            throw new BpmnError(ERROR_BACKUP_HELD, hold);
        });
    }

    /**
     * As DeleteBackup starts, in both runbooks: what the worker needs, as variables of the task alone. {@code deleted}
     * starts false there, so the worker's completion sets it on the task (the engine updates a variable where it
     * exists) and not on the sweep, where the next backup's task would find it.
     */
    @Bean
    ExecutionListener prepareBackupDeletion(BackupDeletion deletion) {
        return execution -> {
            BackupDeletion.Target target = deletion.target(BACKUP_ID.from(execution));
            execution.setVariableLocal(SERVICE_ID.name(), target.serviceId());
            execution.setVariableLocal(STORAGE_TARGET.name(), target.storageTarget());
            execution.setVariableLocal(ARTIFACTS.name(), target.artifacts());
            execution.setVariableLocal(DELETED.name(), false);
        };
    }

    /** As DeleteBackup ends: once the worker deleted the data (not when an error ends the task), the record says so. */
    @Bean
    ExecutionListener recordApprovedDeletion(BackupDeletionRequests deletions, RunbookRequests requests) {
        return execution -> {
            if (DELETED.from(execution)) {
                RunbookRequest request = requestOf(execution, requests);
                deletions.recordDeleted(request.businessKey(), request.requestedBy(), request.reason(),
                        DECIDED_BY.from(execution), DECISION_NOTE.optionalFrom(execution).orElse(null));
            }
        };
    }

    @Bean
    JavaDelegate recordDeletionKept(BackupDeletionRequests deletions, RunbookRequests requests) {
        return execution -> {
            RunbookRequest request = requestOf(execution, requests);
            deletions.recordKept(request.businessKey(), request.reason(), DECIDED_BY.from(execution), KEPT_BY.from(execution),
                    KEPT_BECAUSE.from(execution));
        };
    }

    @Bean
    JavaDelegate recordDeletionFailure(BackupDeletionRequests deletions, RunbookRequests requests) {
        return execution -> {
            RunbookRequest request = requestOf(execution, requests);
            deletions.recordFailure(request.businessKey(), request.reason(), DECIDED_BY.from(execution),
                    FAILURE_REASON.from(execution));
        };
    }

    @Bean
    JavaDelegate recordDeletionRejection(BackupDeletionRequests deletions, RunbookRequests requests) {
        return execution -> {
            RunbookRequest request = requestOf(execution, requests);
            deletions.recordRejection(request.businessKey(), request.requestedBy(), request.reason(),
                    DECIDED_BY.from(execution), DECISION_NOTE.optionalFrom(execution).orElse(null));
        };
    }

    private static RunbookRequest requestOf(DelegateExecution execution, RunbookRequests requests) {
        return requests.of(execution.getProcessInstanceId()).orElseThrow(() -> new IllegalStateException(
                "no recorded request for the deletion of " + execution.getProcessBusinessKey()));
    }
}
