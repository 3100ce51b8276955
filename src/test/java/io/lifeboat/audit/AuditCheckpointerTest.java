package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The checkpointer as Spring runs it: what was appended is checkpointed when the application shuts down. */
class AuditCheckpointerTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @Import({AuditConfigurationTest.AuditSettingsOnly.class, AuditTrail.class, AuditCheckpointer.class})
    static class TrailOnH2 {

        @Bean
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:checkpointer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            dataSource.setUser("sa");
            Flyway.configure().dataSource(dataSource).table("lifeboat_schema_history").load().migrate();
            return dataSource;
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    @Test
    void theHeadIsCheckpointedOnShutdown() {
        AuditCheckpoints[] checkpoints = new AuditCheckpoints[1];
        new ApplicationContextRunner().withUserConfiguration(TrailOnH2.class).withPropertyValues(
                "lifeboat.audit.key-ref=\\${file:secrets/demo-audit.key}", "lifeboat.audit.checkpoint-dir=" + dir)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AuditTrail trail = context.getBean(AuditTrail.class);
                    trail.append(new AuditRecord("operator", "backup.requested", "backup/bk-1", "crm", "api", null, null));
                    trail.append(new AuditRecord("operator", "backup.requested", "backup/bk-2", "crm", "api", null, null));
                    checkpoints[0] = context.getBean(AuditCheckpoints.class);
                    assertThat(checkpoints[0].newest().checkpoint()).isNull();
                });

        assertThat(checkpoints[0].newest().checkpoint().lastId()).isEqualTo(2);
    }
}
