package io.lifeboat.backup;

import java.util.Map;

/**
 * One locked external task of the backup runbook, whichever way it was fetched: from the engine's
 * ExternalTaskService inside Lifeboat, or over {@code /engine-rest} by an agent on a data host.
 */
public interface BackupTask {

    String id();

    String topic();

    /** The runbook step it belongs to, for topics several steps share ({@code backup-restore}). */
    String activityId();

    /** A fetched String variable, or null when the process has none. */
    String variable(String name);

    /** @throws IllegalStateException naming the task and the variable when the process has none */
    default String required(String name) {
        String value = variable(name);
        if (value == null) {
            throw new IllegalStateException("task " + id() + " (" + topic() + ") has no variable '" + name + "'");
        }
        return value;
    }

    /** Retries left as the engine counts them; null before the first failure. */
    Integer retries();

    void extendLock(long lockMillis);

    /** Progress for people watching the backup; not every transport can store it. */
    void reportProgress(String progress);

    void complete(Map<String, Object> variables);

    void handleFailure(String message, int retries, long retryTimeoutMillis);

    void handleBpmnError(String errorCode, String message, Map<String, Object> variables);
}
