package io.lifeboat.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.lifeboat.LifeboatApplication;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.backup.BackupAgentWorker;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.catalog.Catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code lifeboat.mode=agent} starts, and what it refuses to start without. */
class AgentModeTest {

    @TempDir
    Path data;

    @Test
    void agentModeLoadsTheWorkerTheCatalogAndTheAgentsButNoEngineDatabaseOrWebServer() throws Exception {
        Path password = Files.writeString(data.resolve("password"), "agent");
        // nothing listens on port 9: the worker only has to be built, not to reach an engine
        try (ConfigurableApplicationContext context = run("--lifeboat.agent.engine-url=http://127.0.0.1:9/engine-rest",
                "--lifeboat.agent.user=agent", "--lifeboat.agent.password-ref=\\${file:" + password + "}")) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(context.getBean(RemoteAgentWorker.class).isRunning()).isTrue();
            assertThat(context.getBean(Catalog.class).services()).isNotEmpty();
            assertThat(context.getBeansOfType(BackupAgent.class).values()).extracting(BackupAgent::name)
                    .containsExactlyInAnyOrder("files", "restic", "pgdump", "pgbackrest", "servicenow");
            assertThat(context.getBeanNamesForType(ProcessEngine.class)).isEmpty();
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
            assertThat(context.getBeanNamesForType(BackupRepository.class)).isEmpty();
            assertThat(context.getBeanNamesForType(BackupAgentWorker.class)).isEmpty();
        }
    }

    @Test
    void agentModeWithoutTheEngineUrlRefusesToStartSayingSo() {
        assertThatThrownBy(() -> run("--lifeboat.agent.user=operator"))
                .rootCause().hasMessageContaining("agent mode needs lifeboat.agent.engine-url");
    }

    @Test
    void aPasswordInsteadOfAReferenceIsRefusedNamingThePropertyNeverTheValue() {
        // also what Spring leaves of an unescaped ${file:/path}: the bare path
        assertThatThrownBy(() -> run("--lifeboat.agent.engine-url=http://127.0.0.1:9/engine-rest",
                "--lifeboat.agent.user=operator", "--lifeboat.agent.password-ref=pasted-s3cret"))
                .hasStackTraceContaining("lifeboat.agent.password-ref: not a secret reference")
                .hasStackTraceContaining("escape the $")
                .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("pasted-s3cret"));
    }

    @Test
    void anAgentMayWorkTheDeleteTopicAloneAndAnUnknownTopicIsRefusedNamingTheTopicsThereAre() throws Exception {
        Path password = Files.writeString(data.resolve("password"), "agent");
        String[] agent = {"--lifeboat.agent.engine-url=http://127.0.0.1:9/engine-rest", "--lifeboat.agent.user=agent",
                "--lifeboat.agent.password-ref=\\${file:" + password + "}"};
        try (ConfigurableApplicationContext context = run(with(agent, "--lifeboat.agent.topics=backup-delete"))) {
            assertThat(context.getBean(RemoteAgentWorker.class).isRunning()).isTrue();
        }
        assertThatThrownBy(() -> run(with(agent, "--lifeboat.agent.topics=backup-agent,payroll")))
                .rootCause().hasMessage("lifeboat.agent.topics has 'payroll'; an agent works backup-agent, backup-verify, backup-delete, backup-restore, drill");
    }

    private static String[] with(String[] args, String arg) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = arg;
        return all;
    }

    @Test
    void anUnknownModeIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> start("--lifeboat.mode=worker", "--lifeboat.data-dir=" + data))
                .hasMessageContaining("lifeboat.mode is 'worker'; use 'server' (the default) or 'agent'");
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** Agent mode on the test catalog. */
    private ConfigurableApplicationContext run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--lifeboat.mode=agent";
        all[1] = "--lifeboat.runbooks-dir=src/test/runbooks";
        all[2] = "--lifeboat.data-dir=" + data;
        System.arraycopy(args, 0, all, 3, args.length);
        return start(all);
    }

    /** The same sources as {@link LifeboatApplication#main}. */
    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(LifeboatApplication.class, AgentConfiguration.class).run(args);
    }
}
