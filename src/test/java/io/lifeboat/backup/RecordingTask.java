package io.lifeboat.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stands in for a transport in the handler tests: remembers what the handler told the engine. */
public final class RecordingTask implements BackupTask {

    public final String topic;
    public String activityId;
    public final Map<String, String> variables = new HashMap<>();
    public final List<String> failures = new ArrayList<>();
    public final List<Long> lockExtensions = new ArrayList<>();
    /** Retries left as the engine would count them; null before the first failure. */
    public Integer retries;
    public Map<String, Object> completed;
    public String bpmnError;
    public Map<String, Object> bpmnVariables;

    public RecordingTask(String topic) {
        this.topic = topic;
    }

    @Override
    public String id() {
        return topic + "/" + variables.get(BackupRunbook.Variables.BACKUP_ID.name());
    }

    @Override
    public String topic() {
        return topic;
    }

    /** The topic's only step unless a test sets the step of a topic several share. */
    @Override
    public String activityId() {
        return activityId;
    }

    @Override
    public String variable(String name) {
        return variables.get(name);
    }

    @Override
    public Integer retries() {
        return retries;
    }

    @Override
    public synchronized void extendLock(long lockMillis) {
        lockExtensions.add(lockMillis);
    }

    @Override
    public void reportProgress(String progress) {
    }

    @Override
    public void complete(Map<String, Object> variables) {
        completed = variables;
    }

    @Override
    public void handleFailure(String message, int retries, long retryTimeoutMillis) {
        failures.add(message + " (" + retries + " left)");
    }

    @Override
    public void handleBpmnError(String errorCode, String message, Map<String, Object> variables) {
        bpmnError = errorCode + ": " + message;
        bpmnVariables = variables;
    }
}
