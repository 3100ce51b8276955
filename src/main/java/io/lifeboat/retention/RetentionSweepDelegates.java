package io.lifeboat.retention;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.RUNNING_SWEEP;
import static io.lifeboat.retention.RetentionSweepRunbook.Variables.SUMMARY;

/** The {@code retention-sweep} runbook's delegates; a sweep is identified by its process instance. */
@Configuration(proxyBeanMethods = false)
public class RetentionSweepDelegates {

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
    JavaDelegate planRetention(RetentionSweep sweep) {
        return execution -> sweep.plan(execution.getProcessInstanceId(), INITIATOR.optionalFrom(execution).orElse(RetentionSweep.SYSTEM));
    }

    @Bean
    JavaDelegate deleteExpired(RetentionSweep sweep) {
        return execution -> sweep.deleteExpired(execution.getProcessInstanceId());
    }

    @Bean
    JavaDelegate reportSweep(RetentionSweep sweep) {
        return execution -> SUMMARY.set(execution, sweep.report(execution.getProcessInstanceId()));
    }
}
