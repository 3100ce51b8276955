package io.lifeboat;

import java.util.Map;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService;

/** An agent worker in a process test: fetches the instance's waiting external task as a worker would, and answers it. */
public final class TestWorker {

    private static final String WORKER_ID = "test-worker";

    private TestWorker() {
    }

    /** Fetches and locks the task with every variable it can see, as the worker gets them. */
    public static LockedExternalTask fetch(ProcessInstance instance) {
        return externalTaskService().fetchAndLock(1, WORKER_ID).topic(externalTask(instance).getTopicName(), 60_000)
                .execute().get(0);
    }

    /** The worker did the work: completes the task with its results; returns what the worker was given. */
    public static LockedExternalTask complete(ProcessInstance instance, Map<String, Object> variables) {
        LockedExternalTask task = fetch(instance);
        externalTaskService().complete(task.getId(), WORKER_ID, variables);
        return task;
    }

    /** The worker gave up on the task: the runbook's BPMN error, as a worker throws it. */
    public static void throwBpmnError(ProcessInstance instance, String errorCode, String message, Map<String, Object> variables) {
        externalTaskService().handleBpmnError(fetch(instance).getId(), WORKER_ID, errorCode, message, variables);
    }
}
