package io.lifeboat.connector;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** A test step that fails the first time it runs in a process instance, so the engine retries the job before it. */
public class FailsFirstTime implements JavaDelegate {

    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    @Override
    public void execute(DelegateExecution execution) {
        if (FAILED.add(execution.getProcessInstanceId())) {
            throw new IllegalStateException("the first run of " + execution.getCurrentActivityId() + " fails");
        }
    }
}
