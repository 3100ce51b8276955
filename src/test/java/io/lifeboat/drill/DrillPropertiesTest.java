package io.lifeboat.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code lifeboat.drill.*} as Spring binds it at start-up: the defaults, the sandbox server, bad settings named. */
class DrillPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class)
            .withPropertyValues("lifeboat.drill.sandbox-dir=/var/lib/lifeboat/drills");

    @Test
    void drillsRunTwoHoursAtMostPickFromThirtyDaysAndUseEachDataSourcesServer() {
        context.run(started -> {
            DrillProperties properties = started.getBean(DrillProperties.class);
            assertThat(properties.sandboxDir()).isEqualTo(Path.of("/var/lib/lifeboat/drills"));
            assertThat(properties.timeLimit()).isEqualTo(Duration.ofHours(2));
            assertThat(properties.randomWithin()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.postgres()).isNull();
        });
    }

    @Test
    void theSandboxServerIsNamedByUrlOrByHostAndPortWithItsPasswordByReference() {
        context.withPropertyValues("lifeboat.drill.postgres.url=jdbc:postgresql://drill-db.internal:6432/whatever",
                "lifeboat.drill.postgres.user=lifeboat_drill",
                "lifeboat.drill.postgres.password-ref=\\${file:/run/secrets/drill-db}").run(started ->
                assertThat(started.getBean(DrillProperties.class).postgres().server()).isEqualTo(Map.of("host",
                        "drill-db.internal", "port", 6432, "user", "lifeboat_drill", "passwordRef", "${file:/run/secrets/drill-db}")));
        context.withPropertyValues("lifeboat.drill.postgres.host=drill-db.internal").run(started ->
                assertThat(started.getBean(DrillProperties.class).postgres().server())
                        .isEqualTo(Map.of("host", "drill-db.internal", "port", 5432)));
    }

    @Test
    void aBadSettingStopsStartUpNamingIt() {
        assertRefused("lifeboat.drill.sandbox-dir=", "lifeboat.drill.sandbox-dir is required: the directory drills restore into");
        assertRefused("lifeboat.drill.time-limit=PT0S", "lifeboat.drill.time-limit must be longer than nothing, not PT0S");
        assertRefused("lifeboat.drill.random-within=-P1D",
                "lifeboat.drill.random-within must be longer than nothing, not PT-24H");
        assertRefused("lifeboat.drill.postgres.user=drill",
                "lifeboat.drill.postgres.host (or url) is required once lifeboat.drill.postgres is set");
        assertRefused("lifeboat.drill.postgres.url=postgres://db:5432/x",
                "lifeboat.drill.postgres.url must be of the form jdbc:postgresql://host:port/database");
        assertRefused("lifeboat.drill.postgres.url=jdbc:postgresql://drill:s3cret@db:5432/x",
                "lifeboat.drill.postgres.url must not hold credentials: give user and password-ref");
        assertRefused("lifeboat.drill.postgres.host=db,lifeboat.drill.postgres.port=70000",
                "lifeboat.drill.postgres.port must be a port number, not 70000");
        assertRefused("lifeboat.drill.postgres.host=db,lifeboat.drill.postgres.password-ref=s3cret",
                "lifeboat.drill.postgres.password-ref: not a secret reference; use ${env:NAME} or ${file:/path/to/file}"
                        + " (in Spring configuration escaped as \\${...})");
    }

    @Test
    void theFileSystemRootIsNoSandboxDirectory() {
        // Spring reads "/" in configuration as the class path's root, so the record is made directly
        assertThatIllegalArgumentException().isThrownBy(() -> new DrillProperties(Path.of("/"), null, Duration.ofHours(2),
                Duration.ofDays(30))).withMessage("lifeboat.drill.sandbox-dir must not be the file system root");
    }

    private void assertRefused(String properties, String message) {
        context.withPropertyValues(properties.split(",")).run(started -> {
            List<String> messages = new ArrayList<>();
            for (Throwable cause = started.getStartupFailure(); cause != null; cause = cause.getCause()) {
                messages.add(cause.getMessage());
            }
            assertThat(messages).as("start-up fails naming the setting").contains(message);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DrillProperties.class)
    static class Bound {
    }
}
