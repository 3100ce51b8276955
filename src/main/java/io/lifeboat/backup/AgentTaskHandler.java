package io.lifeboat.backup;

import java.util.List;

/**
 * The work of some agent topics, the same whoever fetched the task: {@link BackupAgentWorker} inside Lifeboat, or
 * an agent on a data host over {@code /engine-rest}. Each is a bean; the workers take every handler there is, so a
 * runbook's tool work is worked by both without either naming the runbook.
 */
public interface AgentTaskHandler {

    /** The external task topics it works. */
    List<String> topics();

    /** The variables a worker fetches with each task. */
    List<String> variables();

    /** Works one locked task and completes or fails it; never throws. */
    void handle(BackupTask task);
}
