package io.lifeboat.retention;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.lifeboat.retention.BackupDeletionRunbook.Variables.BACKUP_ID;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECIDED_BY;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.DECISION_NOTE;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REASON;
import static io.lifeboat.retention.BackupDeletionRunbook.Variables.REQUESTER;

/** The {@code backup-deletion} runbook's delegates, by the bean names its diagram uses. */
@Configuration(proxyBeanMethods = false)
public class BackupDeletionDelegates {

    @Bean
    JavaDelegate deleteBackup(BackupDeletionRequests requests) {
        return execution -> requests.deleteApproved(BACKUP_ID.from(execution), REQUESTER.from(execution), REASON.from(execution),
                DECIDED_BY.from(execution));
    }

    @Bean
    JavaDelegate recordDeletionRejection(BackupDeletionRequests requests) {
        return execution -> requests.recordRejection(BACKUP_ID.from(execution), REQUESTER.from(execution), REASON.from(execution),
                DECIDED_BY.from(execution), DECISION_NOTE.optionalFrom(execution).orElse(null));
    }
}
