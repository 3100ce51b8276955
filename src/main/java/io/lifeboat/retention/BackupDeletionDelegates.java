package io.lifeboat.retention;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;

import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECISION_NOTE;

/**
 * The {@code backup-deletion} runbook's delegates, by the bean names its diagram uses. The backup is the business
 * key and the request is Lifeboat's record of it: variables a completion could set decide nothing here.
 */
@Configuration(proxyBeanMethods = false)
public class BackupDeletionDelegates {

    @Bean
    JavaDelegate deleteBackup(BackupDeletionRequests deletions, RunbookRequests requests) {
        return execution -> {
            RunbookRequest request = requestOf(execution, requests);
            deletions.deleteApproved(request.businessKey(), request.requestedBy(), request.reason(), DECIDED_BY.from(execution),
                    DECISION_NOTE.optionalFrom(execution).orElse(null));
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
