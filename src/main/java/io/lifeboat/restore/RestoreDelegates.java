package io.lifeboat.restore;

import java.util.List;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.backup.HookRunner;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.engine.Decider;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestoreJson.Restored;

import static io.lifeboat.restore.RestoreRunbook.ERROR_SAFETY_BACKUP_FAILED;
import static io.lifeboat.restore.RestoreRunbook.ERROR_SERVICE_BUSY;
import static io.lifeboat.restore.RestoreRunbook.ERROR_UNHEALTHY;
import static io.lifeboat.restore.RestoreRunbook.Variables.APPROVED;
import static io.lifeboat.restore.RestoreRunbook.Variables.CHECKS;
import static io.lifeboat.restore.RestoreRunbook.Variables.DECISION_COMMENT;
import static io.lifeboat.restore.RestoreRunbook.Variables.FAILURE_CODE;
import static io.lifeboat.restore.RestoreRunbook.Variables.FAILURE_REASON;
import static io.lifeboat.restore.RestoreRunbook.Variables.HOOK;
import static io.lifeboat.restore.RestoreRunbook.Variables.PLAN;
import static io.lifeboat.restore.RestoreRunbook.Variables.PREVIOUS;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORED;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SAFETY_BACKUP_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SAFETY_HOLD_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.SERVICE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.TAKE_SAFETY_BACKUP;
import static io.lifeboat.restore.RestoreRunbook.Variables.WAIVE_SAFETY_BACKUP;

/**
 * The {@code restore} runbook's delegates, by the bean names its diagram uses. Each reads typed variables, calls
 * {@link RestoreSteps} or a hook and writes typed results.
 */
@Configuration(proxyBeanMethods = false)
public class RestoreDelegates {

    /**
     * On completing the approval, after four eyes: a rejection and a waiver need a comment (400, the task stays
     * open); the decision is recorded under the commander the engine authenticated.
     */
    @Bean
    TaskListener recordRestoreDecision(RestoreSteps steps) {
        return task -> {
            boolean approved = APPROVED.optionalFrom(task).orElse(false);
            boolean waive = WAIVE_SAFETY_BACKUP.optionalFrom(task).orElse(false);
            String comment = DECISION_COMMENT.optionalFrom(task).map(String::strip).filter(text -> !text.isEmpty()).orElse(null);
            if (!approved && comment == null) {
                throw new RefusedAnswer(DECISION_COMMENT.name(), "a rejection needs a comment saying why");
            }
            if (approved && waive && comment == null) {
                throw new RefusedAnswer(DECISION_COMMENT.name(), "waiving the safety backup needs a comment saying why");
            }
            APPROVED.set(task, approved);
            TAKE_SAFETY_BACKUP.set(task, !(approved && waive));
            steps.decided(RESTORE_ID.from(task), approved, Decider.of(task), comment, waive);
        };
    }

    @Bean
    JavaDelegate recordRestoreRejection(RestoreSteps steps) {
        return execution -> steps.rejected(RESTORE_ID.from(execution));
    }

    @Bean
    JavaDelegate claimRestoredService(RestoreSteps steps) {
        return execution -> steps.claim(RESTORE_ID.from(execution)).ifPresent(holder -> {
            throw new BpmnError(ERROR_SERVICE_BUSY, holder + " holds " + SERVICE_ID.from(execution));
        });
    }

    @Bean
    JavaDelegate startSafetyBackup(RestoreSteps steps) {
        return execution -> SAFETY_BACKUP_ID.set(execution, steps.startSafetyBackup(RESTORE_ID.from(execution)));
    }

    @Bean
    JavaDelegate recordSafetyBackup(RestoreSteps steps) {
        return execution -> {
            try {
                RestoreSteps.SafetyBackup safety = steps.holdSafetyBackup(RESTORE_ID.from(execution), SAFETY_BACKUP_ID.from(execution));
                SAFETY_HOLD_ID.set(execution, safety.holdId());
                PREVIOUS.set(execution, safety.previousJson());
            } catch (RestoreSteps.SafetyBackupFailed e) {
                throw new BpmnError(ERROR_SAFETY_BACKUP_FAILED, e.getMessage());
            }
        };
    }

    @Bean
    JavaDelegate runRestoreHook(Catalog catalog, HookRunner hooks) {
        return execution -> hooks.run(catalog.require(SERVICE_ID.from(execution)), HookRunner.Hook.byKey(HOOK.from(execution)));
    }

    @Bean
    JavaDelegate checkRestoredService(Catalog catalog, HookRunner hooks) {
        return execution -> {
            ServiceDefinition service = catalog.require(SERVICE_ID.from(execution));
            String problem = hooks.healthProblem(service);
            if (problem != null) {
                throw new BpmnError(ERROR_UNHEALTHY, "after the switch: " + problem);
            }
        };
    }

    @Bean
    JavaDelegate recordRestore(RestoreSteps steps) {
        return execution -> steps.succeeded(RESTORE_ID.from(execution), plan(execution), restored(execution), checks(execution));
    }

    @Bean
    JavaDelegate recordRestoreFailure(RestoreSteps steps) {
        return execution -> steps.failed(RESTORE_ID.from(execution), plan(execution), restored(execution), checks(execution),
                RestoreRunbook.Element.failedAt(FAILURE_CODE.from(execution)).id(), FAILURE_REASON.from(execution));
    }

    @Bean
    JavaDelegate recordRestoreRollback(RestoreSteps steps) {
        return execution -> steps.rolledBack(RESTORE_ID.from(execution), plan(execution), restored(execution), checks(execution),
                RestoreRunbook.Element.CheckService.id(), FAILURE_REASON.from(execution));
    }

    @Bean
    JavaDelegate releaseSafetyBackup(RestoreSteps steps) {
        return execution -> steps.releaseSafetyBackup(SAFETY_HOLD_ID.from(execution));
    }

    @Bean
    ExecutionListener releaseRestoreClaim(RestoreSteps steps) {
        return execution -> steps.release(RESTORE_ID.from(execution));
    }

    private static Plan plan(DelegateExecution execution) {
        return RestoreJson.plan(PLAN.from(execution));
    }

    private static List<Restored> restored(DelegateExecution execution) {
        return RESTORED.optionalFrom(execution).map(RestoreJson::restored).orElse(List.of());
    }

    private static List<CheckOutcome> checks(DelegateExecution execution) {
        return CHECKS.optionalFrom(execution).map(RestoreJson::checks).orElse(null);
    }
}
