package io.lifeboat.catalog;

import static io.lifeboat.catalog.CatalogFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.storage.StorageProperties;

/** The catalog bean in a minimal Spring Boot start-up: agents and storage targets as beans, errors as a failure analysis. */
@ExtendWith(OutputCaptureExtension.class)
class CatalogConfigurationTest {

    @TempDir
    Path temp;

    @Test
    void catalogBeanIsBuiltFromTheRunbooksDirectoryWithTheAgentBeans() {
        new CatalogFixture(temp.resolve("runbooks")).service("a", service("a"));

        try (ConfigurableApplicationContext context = start()) {
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(catalog.services()).extracting(ServiceDefinition::id).containsExactly("a");
            assertThat(catalog.runbooksDir()).isEqualTo(temp.resolve("runbooks").toAbsolutePath());
        }
    }

    @Test
    void badCatalogStopsStartUpAndItsErrorsArePrinted(CapturedOutput output) {
        new CatalogFixture(temp.resolve("runbooks"))
                .service("a", service("a").replace("tier: 1", "tier: 0"))
                .service("b", service("b").replace("storageTarget: local", "storageTarget: nas"))
                .service("c", service("c").replace("method: full", "method: incremental"));

        assertThatThrownBy(this::start).hasRootCauseInstanceOf(CatalogException.class);
        assertThat(output).contains("APPLICATION FAILED TO START", """
                  - services/a.yaml: tier: must be 1 or more (1 = most critical), not 0
                  - services/b.yaml: backupPolicy.storageTarget: unknown storage target 'nas'; known targets: local
                  - services/c.yaml: backupPolicy.method: 'incremental' is not honoured by agent 'files' of data source 'data' \
                of service 'c', which makes full backups only
                """, "Fix the catalog files named above");
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                // as arguments, so that they win over application.yaml
                .run("--spring.main.banner-mode=off",
                        "--lifeboat.runbooks-dir=" + temp.resolve("runbooks"),
                        "--lifeboat.data-dir=" + temp.resolve("data"));
    }

    @Configuration(proxyBeanMethods = false)
    @Import(CatalogConfiguration.class)
    @EnableConfigurationProperties(StorageProperties.class)
    static class TestApplication {

        @Bean
        BackupAgent files() {
            return FakeAgents.files();
        }

        @Bean
        BackupAgent restic() {
            return FakeAgents.restic();
        }
    }
}
