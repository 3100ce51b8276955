package io.lifeboat.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.core.env.Environment;

import io.lifeboat.LifeboatJvm;

/**
 * A Lifeboat agent in its own JVM, started from this test's classpath in agent mode against the test server, as an
 * operator would start {@code java -jar lifeboat.jar --lifeboat.mode=agent} on a data host. It shares the server's
 * runbooks, data directory and local storage target, as an agent on the same host would; its output goes to its own
 * log file so a test can read what it did.
 */
final class AgentProcess implements AutoCloseable {

    private final LifeboatJvm jvm;

    private AgentProcess(LifeboatJvm jvm) {
        this.jvm = jvm;
    }

    /**
     * @param name      tells this agent's log apart from another's ({@code <data-dir>/<name>.log})
     * @param extraArgs further {@code --property=value} arguments, e.g. a shorter lock duration
     */
    static AgentProcess start(String name, Environment server, int port, String... extraArgs) throws IOException {
        return launch(name, server, port, storage(server), extraArgs);
    }

    /**
     * An agent whose {@code local} storage target is a directory of its own host, which the server does not see:
     * what the agent writes there only an agent can reach.
     */
    static AgentProcess startWithOwnStorage(String name, Environment server, int port, Path storage, String... extraArgs)
            throws IOException {
        return launch(name, server, port, storage, extraArgs);
    }

    private static AgentProcess launch(String name, Environment server, int port, Path storage, String... extraArgs)
            throws IOException {
        Path data = Path.of(server.getRequiredProperty("lifeboat.data-dir"));
        Path password = Files.writeString(data.resolve("agent.password"), "agent\n");
        List<String> args = new ArrayList<>(List.of("--lifeboat.mode=agent",
                "--lifeboat.agent.engine-url=http://127.0.0.1:" + port + "/engine-rest",
                "--lifeboat.agent.user=agent",
                // escaped, as on a shell command line, so Spring hands the reference to Lifeboat unresolved
                "--lifeboat.agent.password-ref=\\${file:" + password + "}",
                "--lifeboat.runbooks-dir=" + Path.of(server.getRequiredProperty("lifeboat.runbooks-dir")).toAbsolutePath(),
                "--lifeboat.data-dir=" + data,
                "--lifeboat.storage.targets.local.path=" + storage));
        args.addAll(List.of(extraArgs));
        return new AgentProcess(LifeboatJvm.start(name, data, args));
    }

    /** The local storage target the server and its agents write to. */
    static Path storage(Environment server) {
        return Path.of(server.getRequiredProperty("lifeboat.storage.targets.local.path"));
    }

    /** The worker id the agent fetches tasks under, as {@link RemoteAgentWorker} builds it from its JVM's name. */
    String workerIdPrefix() {
        return "lifeboat-agent-" + jvm.pid() + "@";
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Everything the agent printed so far. */
    String log() throws IOException {
        return jvm.log();
    }

    /** For assertion messages: which agent, and what it printed. */
    String describe() throws IOException {
        return jvm.describe();
    }

    /** The processes the agent runs right now (restic, pg_dump, ...), children and theirs. */
    List<ProcessHandle> tools() {
        return jvm.descendants();
    }

    /**
     * The host dies: the JVM and every tool it runs are killed at once (SIGKILL), with no chance to report a
     * failure, release the task's lock or let a tool finish. The tools are listed before the JVM dies, since after
     * that they would be orphans no longer found among its descendants; they die right after it, so the JVM cannot
     * see a tool die and report that.
     */
    void killHostHard() throws InterruptedException {
        List<ProcessHandle> tools = tools();
        jvm.kill();
        tools.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle tool : tools) {
            tool.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /**
     * Only the JVM is killed (SIGKILL), as by the kernel's OOM killer or a {@code kill -9}; the tools it ran are left
     * to themselves. Returns them, listed before the JVM died, so a test can watch what becomes of them.
     */
    List<ProcessHandle> killJvmOnly() throws InterruptedException {
        List<ProcessHandle> tools = tools();
        jvm.kill();
        return tools;
    }

    /** An orderly stop (SIGTERM), forced if the agent does not stop in time. */
    @Override
    public void close() throws InterruptedException {
        if (!jvm.stop(Duration.ofSeconds(20))) {
            killHostHard();
        }
    }
}
