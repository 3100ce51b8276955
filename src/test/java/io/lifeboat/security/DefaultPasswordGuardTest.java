package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.lifeboat.LifeboatApplication;

/**
 * Starts the real application outside the demo profile on one H2 file: first in this JVM with no users, then, after
 * users with default passwords were added, as its own process, which must exit naming them. A separate process also
 * proves the application really stops, and keeps the refused start from leaving Camunda's webapp filters pointing at
 * a dead context (a static field) for later tests in this JVM.
 */
class DefaultPasswordGuardTest {

    private static final long START_TIMEOUT_MINUTES = 4;

    @TempDir
    Path dataDir;

    @BeforeEach
    void auditKey() throws IOException {
        // outside the demo profile the audit trail needs a key of its own
        Files.writeString(dataDir.resolve("audit.key"), "an-audit-key-for-this-test-only-0123456789\n");
    }

    @Test
    void aProductionStartIsRefusedWhileAUserHasADefaultPassword() throws Exception {
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(LifeboatApplication.class)
                .run(arguments().toArray(String[]::new))) {
            IdentityService identityService = first.getBean(IdentityService.class);
            assertThat(identityService.createGroupQuery().groupIdIn(Roles.ALL.toArray(String[]::new)).count())
                    .as("groups exist in every profile").isEqualTo(Roles.ALL.size());
            assertThat(identityService.createUserQuery().count()).as("no demo users outside demo").isZero();

            createUser(identityService, "alice", "alice");
            createUser(identityService, "bob", "changeme");
            createUser(identityService, "dave", "");
            createUser(identityService, "carol", "Correct-horse-battery-staple-9");
        }

        Path output = dataDir.resolve("second-start.log");
        Process second = startAsProcess(output);
        boolean exited = second.waitFor(START_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!exited) {
            second.destroyForcibly();
        }
        String log = Files.readString(output);

        assertThat(exited).as("the refused application exits by itself").isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(log).contains("Refusing to start: users [alice, bob, dave] have a default password")
                .doesNotContain("carol")
                .doesNotContain("changeme");
    }

    @Test
    void thePasswordPolicyIsOnOutsideTheDemo() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LifeboatApplication.class)
                .run(arguments().toArray(String[]::new))) {
            IdentityService identityService = context.getBean(IdentityService.class);
            User weak = identityService.newUser("erin");
            weak.setPassword("erin-2026");
            assertThatThrownBy(() -> identityService.saveUser(weak)).isInstanceOf(ProcessEngineException.class)
                    .hasMessageContaining("policy");
        }
    }

    /**
     * Command-line arguments, because builder properties are only defaults that application.yaml overrides.
     * The H2 file is released when the first context closes, so the second process can open it.
     */
    private List<String> arguments() {
        return List.of(
                "--spring.profiles.active=production",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("guard-test"),
                "--lifeboat.data-dir=" + dataDir,
                "--lifeboat.audit.key-ref=\\${file:" + dataDir.resolve("audit.key") + "}",
                "--server.port=0",
                "--camunda.bpm.job-execution.enabled=false",
                "--lifeboat.scheduler.enabled=false",
                "--lifeboat.worker.enabled=false");
    }

    private Process startAsProcess(Path output) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                LifeboatApplication.class.getName()));
        command.addAll(arguments());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Past the password policy, as users from before it was turned on (or from an older Lifeboat) would be. */
    private static void createUser(IdentityService identityService, String id, String password) {
        User user = identityService.newUser(id);
        user.setPassword(password);
        ((IdentityServiceImpl) identityService).saveUser(user, true);
    }

}
