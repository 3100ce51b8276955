package io.lifeboat.drill;

import java.time.Instant;
import java.util.List;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.check.CheckResult;
import io.lifeboat.engine.Decider;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.drill.DrillVerdicts.Judgement;
import io.lifeboat.restore.RestoreRunbook;

import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS;
import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS_FINISHED_AT;
import static io.lifeboat.drill.DrillRunbook.Variables.CHECKS_STARTED_AT;
import static io.lifeboat.drill.DrillRunbook.Variables.DAMAGE;
import static io.lifeboat.drill.DrillRunbook.Variables.DRILL_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.FINDINGS;
import static io.lifeboat.drill.DrillRunbook.Variables.REMEDIATION_NOTE;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_PLAN;
import static io.lifeboat.drill.DrillRunbook.Variables.RESTORE_STATE;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX;
import static io.lifeboat.drill.DrillRunbook.Variables.SANDBOX_PROBLEM;
import static io.lifeboat.drill.DrillRunbook.Variables.TEARDOWN;
import static io.lifeboat.drill.DrillRunbook.Variables.TIMED_OUT;
import static io.lifeboat.drill.DrillRunbook.Variables.VERDICT;

/** The delegates of {@code processes/restore-drill.bpmn}, by the bean names the diagram uses. */
@Configuration(proxyBeanMethods = false)
public class DrillDelegates {

    @Bean
    JavaDelegate startDrillRestore(DrillSteps steps) {
        return execution -> RESTORE_ID.set(execution, steps.startRestore(DRILL_ID.from(execution), SANDBOX.from(execution)));
    }

    /**
     * The time limit: a sandbox restore still running is cancelled (its runbook records that), after its plan is
     * copied here, so the teardown knows what to remove.
     */
    @Bean
    JavaDelegate cancelDrillRestore(DrillSteps steps, RuntimeService runtime) {
        return execution -> {
            TIMED_OUT.set(execution, true);
            steps.timedOut(DRILL_ID.from(execution));
            String restoreId = RESTORE_ID.optionalFrom(execution).orElse(null);
            if (restoreId == null) {
                return;
            }
            ProcessInstance restore = runtime.createProcessInstanceQuery().processDefinitionKey(RestoreRunbook.KEY)
                    .processInstanceBusinessKey(restoreId).singleResult();
            if (restore != null) {
                Object plan = runtime.getVariable(restore.getId(), RestoreRunbook.Variables.PLAN.name());
                if (plan != null) {
                    RESTORE_PLAN.set(execution, plan.toString());
                }
                runtime.deleteProcessInstance(restore.getId(), "drill " + DRILL_ID.from(execution) + " ran past its time limit");
            }
        };
    }

    @Bean
    JavaDelegate recordDrillVerdict(DrillSteps steps) {
        return execution -> {
            List<SandboxDamage> damage = DrillJson.damage(DAMAGE.optionalFrom(execution).orElse(null));
            List<CheckResult> checks = DrillJson.checks(CHECKS.optionalFrom(execution).orElse(null));
            Judgement judgement = steps.recordVerdict(DRILL_ID.from(execution), new DrillSteps.Outcome(
                    TIMED_OUT.optionalFrom(execution).orElse(false), SANDBOX_PROBLEM.optionalFrom(execution).orElse(null),
                    RESTORE_STATE.optionalFrom(execution).orElse(null), damage, NegativeControl.unseen(damage, checks), checks,
                    CHECKS_STARTED_AT.optionalFrom(execution).map(Instant::parse).orElse(null),
                    CHECKS_FINISHED_AT.optionalFrom(execution).map(Instant::parse).orElse(null),
                    DrillJson.teardown(TEARDOWN.optionalFrom(execution).orElse(null))));
            VERDICT.set(execution, judgement.verdict().value());
            FINDINGS.set(execution, judgement.reason());
        };
    }

    @Bean
    JavaDelegate retryDrill(DrillService drills) {
        return execution -> drills.retry(DRILL_ID.from(execution));
    }

    /** The remediation and inconclusive tasks: what was done goes on the record under the engine's authenticated user. */
    @Bean
    TaskListener recordDrillRemediation(DrillSteps steps) {
        return task -> {
            String note = REMEDIATION_NOTE.optionalFrom(task).orElse(null);
            if (note == null || note.isBlank()) {
                throw new RefusedAnswer(REMEDIATION_NOTE.name(), REMEDIATION_NOTE.name() + " is required: say what was"
                        + " done about the drill's findings, or who is on it");
            }
            steps.remediated(DRILL_ID.from(task), Decider.of(task), note.strip());
        };
    }

    @Bean
    ExecutionListener releaseDrill(DrillSteps steps) {
        return execution -> steps.release(DRILL_ID.from(execution));
    }
}
