package io.lifeboat.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.backoff.ExponentialBackoffStrategy;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.backup.BackupTask;
import io.lifeboat.secret.SecretReference;

/**
 * The agent on a data host: pulls the runbooks' external tasks of its topics (backup, verify, delete) over
 * {@code /engine-rest} with Camunda's external task client and works them with the same {@link AgentTaskHandler}s as
 * the in-process worker. One task at a time: a data host backs up its own data, and a second backup would only
 * compete with the first for its disks.
 */
public class RemoteAgentWorker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAgentWorker.class);
    /** How long one fetch waits at the engine for work (long polling), so new work starts at once. */
    private static final long LONG_POLL_MILLIS = 20_000;
    /** After a failed or empty fetch, wait at first this long, doubling up to {@link #MAX_BACKOFF_MILLIS}. */
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final AgentProperties agent;
    /** By topic: the handlers of the topics this agent works. */
    private final Map<String, AgentTaskHandler> handlers = new LinkedHashMap<>();
    private final long lockMillis;
    private final String workerId = "lifeboat-agent-" + ManagementFactory.getRuntimeMXBean().getName();
    private final ExternalTaskClient client;
    private volatile boolean running;

    public RemoteAgentWorker(AgentProperties agent, List<AgentTaskHandler> handlers, long lockMillis) {
        this.agent = agent;
        this.lockMillis = lockMillis;
        String engineUrl = required(agent.engineUrl(), "lifeboat.agent.engine-url",
                "the engine's REST API, e.g. http://lifeboat.example:8080/engine-rest");
        String user = required(agent.user(), "lifeboat.agent.user", "a Lifeboat user allowed to run backups (an operator)");
        Map<String, AgentTaskHandler> byTopic = new LinkedHashMap<>();
        handlers.forEach(handler -> handler.topics().forEach(topic -> byTopic.put(topic, handler)));
        for (String topic : agent.topics()) {
            if (!byTopic.containsKey(topic)) {
                throw new IllegalStateException("lifeboat.agent.topics has '" + topic + "'; an agent works "
                        + String.join(", ", byTopic.keySet()));
            }
            this.handlers.put(topic, byTopic.get(topic));
        }
        this.client = ExternalTaskClient.create()
                .baseUrl(engineUrl)
                .workerId(workerId)
                .maxTasks(1)
                .lockDuration(lockMillis)
                .asyncResponseTimeout(LONG_POLL_MILLIS)
                .backoffStrategy(new ExponentialBackoffStrategy(FIRST_BACKOFF_MILLIS, 2, MAX_BACKOFF_MILLIS))
                .addInterceptor(new BasicAuthProvider(user, password(agent.passwordRef())))
                .disableAutoFetching()
                .build();
    }

    @Override
    public void start() {
        handlers.forEach((topic, handler) -> client.subscribe(topic).lockDuration(lockMillis)
                .variables(handler.variables().toArray(String[]::new))
                .handler((task, service) -> handler.handle(new RemoteTask(task, service))).open());
        client.start();
        running = true;
        LOG.info("Lifeboat agent {} works {} from {} as {}", workerId, agent.topics(), agent.engineUrl(), agent.user());
    }

    @Override
    public void stop() {
        client.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static String required(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("agent mode needs " + property + ": " + what);
        }
        return value.strip();
    }

    /** Read once at start; a reference that cannot be read stops start-up naming the property, never the value. */
    private static String password(String reference) {
        required(reference, "lifeboat.agent.password-ref", "the user's password as " + SecretReference.SYNTAX
                + " (escape the $ as \\$ so Spring leaves the reference to Lifeboat)");
        try {
            return SecretReference.parse(reference, Path.of("")).value().strip();
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalStateException("lifeboat.agent.password-ref: " + e.getMessage()
                    + " (escape the $ as \\$ so Spring leaves the reference to Lifeboat)", e);
        }
    }

    /** A task fetched over REST; progress has no record here, so it goes to the agent's log. */
    private final class RemoteTask implements BackupTask {

        private final ExternalTask task;
        private final ExternalTaskService service;

        RemoteTask(ExternalTask task, ExternalTaskService service) {
            this.task = task;
            this.service = service;
        }

        @Override
        public String id() {
            return task.getId();
        }

        @Override
        public String topic() {
            return task.getTopicName();
        }

        @Override
        public String activityId() {
            return task.getActivityId();
        }

        @Override
        public String variable(String name) {
            Object value = task.getVariable(name);
            return value == null ? null : value.toString();
        }

        @Override
        public Integer retries() {
            return task.getRetries();
        }

        @Override
        public void extendLock(long lockMillis) {
            service.extendLock(task, lockMillis);
        }

        @Override
        public void reportProgress(String progress) {
            LOG.info("{} of task {}: {}", task.getTopicName(), task.getId(), progress);
        }

        @Override
        public void complete(Map<String, Object> variables) {
            service.complete(task, variables);
        }

        @Override
        public void handleFailure(String message, int retries, long retryTimeoutMillis) {
            service.handleFailure(task, message, null, retries, retryTimeoutMillis);
        }

        @Override
        public void handleBpmnError(String errorCode, String message, Map<String, Object> variables) {
            service.handleBpmnError(task, errorCode, message, variables);
        }
    }
}
