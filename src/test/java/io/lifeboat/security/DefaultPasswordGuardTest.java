package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.lifeboat.LifeboatApplication;

/**
 * Starts the real application twice outside the demo profile on one in-memory H2: first with no users, then after
 * users with default passwords were added.
 */
class DefaultPasswordGuardTest {

    @TempDir
    Path dataDir;

    @Test
    void aProductionStartIsRefusedWhileAUserHasADefaultPassword() {
        String database = "jdbc:h2:mem:guard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        try (ConfigurableApplicationContext first = start(database)) {
            IdentityService identityService = first.getBean(IdentityService.class);
            assertThat(identityService.createGroupQuery().groupIdIn(Roles.ALL.toArray(String[]::new)).count())
                    .as("groups exist in every profile").isEqualTo(5);
            assertThat(identityService.createUserQuery().count()).as("no demo users outside demo").isZero();

            createUser(identityService, "alice", "alice");
            createUser(identityService, "bob", "changeme");
            createUser(identityService, "carol", "correct horse battery staple");
        }

        assertThatThrownBy(() -> start(database).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[alice, bob]")
                .hasMessageNotContaining("carol")
                .hasMessageNotContaining("changeme");
    }

    private ConfigurableApplicationContext start(String database) {
        // command-line arguments, because builder properties are defaults that application.yaml would override
        return new SpringApplicationBuilder(LifeboatApplication.class)
                .profiles("production")
                .run("--spring.datasource.url=" + database,
                        "--lifeboat.data-dir=" + dataDir,
                        "--server.port=0",
                        // its own engine name, so closing this engine does not unregister another test's "default"
                        "--camunda.bpm.process-engine-name=guard-test",
                        "--camunda.bpm.job-execution.enabled=false",
                        "--lifeboat.scheduler.enabled=false",
                        "--lifeboat.worker.enabled=false");
    }

    private static void createUser(IdentityService identityService, String id, String password) {
        User user = identityService.newUser(id);
        user.setPassword(password);
        identityService.saveUser(user);
    }
}
