package io.lifeboat.backup;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.backup.BackupRunbook.Blackout;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.StorageTargets;

import static io.lifeboat.backup.BackupRunbook.ERROR_BACKUP_RUNNING;
import static io.lifeboat.backup.BackupRunbook.ERROR_INSUFFICIENT_CAPACITY;
import static io.lifeboat.backup.BackupRunbook.ERROR_QUIESCE_FAILED;
import static io.lifeboat.backup.BackupRunbook.ERROR_UNHEALTHY;
import static io.lifeboat.backup.BackupRunbook.Variables.ARTIFACTS;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT;
import static io.lifeboat.backup.BackupRunbook.Variables.CLAIMED_BY;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_ENDS_AT;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_WINDOW;
import static io.lifeboat.backup.BackupRunbook.Variables.FAILURE_CODE;
import static io.lifeboat.backup.BackupRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.backup.BackupRunbook.Variables.HOOK;
import static io.lifeboat.backup.BackupRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.INITIATOR;
import static io.lifeboat.backup.BackupRunbook.Variables.REASON;
import static io.lifeboat.backup.BackupRunbook.Variables.REFUSAL;
import static io.lifeboat.backup.BackupRunbook.Variables.RUNNING_BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.backup.BackupRunbook.Variables.TRIGGER;
import static io.lifeboat.backup.BackupRunbook.Variables.VERIFICATIONS;

/**
 * The {@code backup} runbook's delegates, by the bean names its diagram uses. Each reads typed variables, calls a
 * service and writes typed results; the logic lives in the services.
 */
@Configuration(proxyBeanMethods = false)
public class BackupDelegates {

    @Bean
    JavaDelegate resolvePolicy(Catalog catalog, BlackoutPolicy blackoutPolicy, Clock clock) {
        return execution -> {
            ServiceDefinition service = catalog.require(SERVICE_ID.from(execution));
            BlackoutPolicy.Decision decision = blackoutPolicy.decide(service, trigger(execution), clock.instant());
            BLACKOUT.set(execution, decision.action().name());
            if (STORAGE_TARGET.optionalFrom(execution).isEmpty()) { // else chosen by whoever asked for the backup
                STORAGE_TARGET.set(execution, service.backupPolicy().storageTargetFor(trigger(execution) == BackupTrigger.EMERGENCY));
            }
            if (decision.window() != null) {
                BLACKOUT_WINDOW.set(execution, decision.window().toString());
                BLACKOUT_ENDS_AT.set(execution, Date.from(decision.endsAt()));
            }
            if (decision.refusal() != null) {
                REFUSAL.set(execution, decision.refusal());
            }
        };
    }

    @Bean
    JavaDelegate recordRefusal(BackupService backups) {
        return execution -> backups.recordRefusal(BACKUP_ID.from(execution), SERVICE_ID.from(execution), trigger(execution),
                INITIATOR.from(execution), REASON.from(execution), REFUSAL.from(execution));
    }

    @Bean
    JavaDelegate claimService(BackupService backups) {
        return execution -> {
            String overridden = BLACKOUT.from(execution).equals(Blackout.OVERRIDE.name()) ? BLACKOUT_WINDOW.from(execution) : null;
            Optional<String> running = backups.claim(BACKUP_ID.from(execution), SERVICE_ID.from(execution), trigger(execution),
                    INITIATOR.from(execution), REASON.from(execution), execution.getProcessInstanceId(), overridden,
                    INCIDENT_ID.optionalFrom(execution).orElse(null), STORAGE_TARGET.from(execution),
                    CLAIMED_BY.optionalFrom(execution).orElse(null));
            if (running.isPresent()) {
                RUNNING_BACKUP_ID.set(execution, running.get());
                throw new BpmnError(ERROR_BACKUP_RUNNING, "backup " + running.get() + " is running");
            }
        };
    }

    @Bean
    JavaDelegate recordSkip(BackupService backups) {
        return execution -> backups.recordSkip(BACKUP_ID.from(execution), SERVICE_ID.from(execution), trigger(execution),
                INITIATOR.from(execution), REASON.from(execution), RUNNING_BACKUP_ID.from(execution));
    }

    @Bean
    JavaDelegate checkCapacity(Catalog catalog, BackupRepository repository, StorageTargets storage) {
        return execution -> {
            ServiceDefinition service = catalog.require(SERVICE_ID.from(execution));
            long lastBytes = repository.lastSucceededBytes(service.id()).orElse(0L);
            String problem = storage.capacityProblem(STORAGE_TARGET.from(execution), service.id(), lastBytes);
            if (problem != null) {
                throw new BpmnError(ERROR_INSUFFICIENT_CAPACITY, "refused: " + problem);
            }
        };
    }

    @Bean
    JavaDelegate runHook(Catalog catalog, HookRunner hooks) {
        return execution -> {
            ServiceDefinition service = catalog.require(SERVICE_ID.from(execution));
            HookRunner.Hook hook = HookRunner.Hook.byKey(HOOK.from(execution));
            if (hook == HookRunner.Hook.HEALTH_CHECK) {
                String problem = hooks.healthProblem(service);
                if (problem != null) {
                    throw new BpmnError(ERROR_UNHEALTHY, problem);
                }
            } else if (hook == HookRunner.Hook.QUIESCE) {
                try {
                    hooks.run(service, hook);
                } catch (RuntimeException e) { // it may have frozen part of the application: thaw, don't retry frozen
                    throw new BpmnError(ERROR_QUIESCE_FAILED, "quiesce hook of " + service.id() + " failed: " + e.getMessage());
                }
            } else {
                hooks.run(service, hook);
            }
        };
    }

    /** On RunAgent's start: the agent reads the data from now on. */
    @Bean
    ExecutionListener recordDataCaptured(BackupRepository repository, Clock clock) {
        return execution -> repository.markDataCaptured(BACKUP_ID.from(execution), clock.instant());
    }

    /** On RunAgent's end: records what the agent made, which came back with the task (an agent has no database). */
    @Bean
    ExecutionListener recordArtifacts(BackupRepository repository) {
        return execution -> ARTIFACTS.optionalFrom(execution).map(AgentResultsJson::snapshots).ifPresent(snapshots -> snapshots
                .forEach(made -> repository.saveArtifact(BACKUP_ID.from(execution), made.dataSource(), made.snapshot())));
    }

    /** On Verify's end, passed or failed: records each data source's result. */
    @Bean
    ExecutionListener recordVerifications(BackupRepository repository) {
        return execution -> VERIFICATIONS.optionalFrom(execution).map(AgentResultsJson::verifications).ifPresent(results -> results
                .forEach(result -> repository.recordVerification(BACKUP_ID.from(execution), result.dataSource(), result.ok(),
                        result.detail())));
    }

    @Bean
    JavaDelegate recordBackup(BackupService backups) {
        return execution -> backups.recordSuccess(BACKUP_ID.from(execution));
    }

    @Bean
    JavaDelegate auditBackup(BackupService backups) {
        return execution -> backups.auditSuccess(BACKUP_ID.from(execution));
    }

    @Bean
    JavaDelegate recordFailure(BackupService backups) {
        return execution -> backups.recordFailure(BACKUP_ID.from(execution),
                BackupRunbook.Element.failedAt(FAILURE_CODE.from(execution)).id(), FAILURE_REASON.from(execution));
    }

    @Bean
    ExecutionListener releaseServiceClaim(BackupService backups) {
        return execution -> backups.release(BACKUP_ID.from(execution));
    }

    private static BackupTrigger trigger(DelegateExecution execution) {
        return BackupTrigger.parse(TRIGGER.from(execution));
    }
}
