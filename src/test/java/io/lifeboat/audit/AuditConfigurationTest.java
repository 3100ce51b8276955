package io.lifeboat.audit;

import static io.lifeboat.FailureAnalyses.analyze;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageProperties;

/**
 * The audit settings as Lifeboat reads them, from the real application.yaml and its profile files: the demo profile
 * brings its public key, every other profile stops at start-up until a key is configured, naming the property.
 */
class AuditConfigurationTest {

    @TempDir
    Path dir;

    /** The audit and storage settings and what they need, nothing else; AuditCheckpointsOnS3Test starts it too. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({AuditProperties.class, StorageProperties.class})
    @Import({AuditConfiguration.class, S3ObjectStores.class})
    static class AuditSettingsOnly {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        /** The working copy's runbooks directory, where the demo key lives. */
        @Bean
        Catalog catalog() {
            return new Catalog(List.of(), Path.of("runbooks").toAbsolutePath());
        }
    }

    private ApplicationContextRunner lifeboat(String profile, String... properties) {
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(AuditSettingsOnly.class)
                .withPropertyValues("spring.profiles.active=" + profile, "lifeboat.data-dir=" + dir)
                .withPropertyValues(properties);
    }

    @Test
    void theDemoProfileKeysTheTrailWithItsPublicKeyAndCheckpointsIntoTheDataDirectory() {
        lifeboat("demo").run(context -> {
            assertThat(context).hasNotFailed();
            AuditKey demoKey = AuditKey.of(Files.readString(Path.of("runbooks/secrets/demo-audit.key")));
            byte[] canonical = AuditHash.checkpoint(1, AuditHash.GENESIS, Instant.EPOCH);
            assertThat(context.getBean(AuditKey.class).checkpointSignature(canonical))
                    .isEqualTo(demoKey.checkpointSignature(canonical));
            assertThat(context.getBean(AuditCheckpoints.class).dir()).isEqualTo(dir.resolve("audit-checkpoints"));
        });
    }

    @Test
    void anyOtherProfileWithoutAKeyRefusesToStartNamingTheProperty() {
        lifeboat("production").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Lifeboat cannot key its audit trail: lifeboat.audit.key-ref"
                    + " is not set: the audit trail needs a key, given as ${env:NAME} or ${file:/path/to/file}");
            assertThat(analysis.getAction()).contains("lifeboat.audit.key-ref").contains("openssl rand -hex 32");
        });
    }

    @Test
    void aKeyTooShortOrUnreadableRefusesToStartWithoutShowingIt() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "short-secret\n");

        lifeboat("production", "lifeboat.audit.key-ref=\\${file:" + shortKey + "}").run(context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                        .endsWith("lifeboat.audit.key-ref (${file:" + shortKey + "}) holds a key of 12 characters;"
                                + " at least 32 are needed")
                        .doesNotContain("short-secret"));
        lifeboat("production", "lifeboat.audit.key-ref=\\${env:LIFEBOAT_TEST_NO_SUCH_AUDIT_KEY}").run(context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                        .endsWith("lifeboat.audit.key-ref (${env:LIFEBOAT_TEST_NO_SUCH_AUDIT_KEY}) cannot be read:"
                                + " environment variable LIFEBOAT_TEST_NO_SUCH_AUDIT_KEY is not set"));
    }

    @Test
    void aCheckpointTargetMustBeAWormS3Target() {
        lifeboat("demo", "lifeboat.audit.checkpoint-target=local").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessage("lifeboat.audit.checkpoint-target is"
                        + " 'local', which is a filesystem target; it must name an S3 storage target with worm:"
                        + " (Object Lock) settings"));
        lifeboat("demo", "lifeboat.audit.checkpoint-target=vault").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith("lifeboat.audit.checkpoint-target"
                        + " is 'vault', which is not a configured storage target (configured: [local])"));
    }
}
