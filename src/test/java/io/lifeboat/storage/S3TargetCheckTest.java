package io.lifeboat.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lifeboat.FailureAnalyses.analyze;
import static io.lifeboat.storage.AwsObjectLockAnswers.S3_NS;
import static io.lifeboat.storage.AwsObjectLockAnswers.error;
import static io.lifeboat.storage.AwsObjectLockAnswers.xml;
import static io.lifeboat.storage.S3ObjectLockTest.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

/** A WORM target whose bucket cannot keep objects immutable stops Lifeboat at start-up, naming target and bucket. */
class S3TargetCheckTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;
    private ApplicationContextRunner lifeboat;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StorageProperties.class)
    @Import({S3ObjectStores.class, S3TargetCheck.class})
    static class StorageOnly {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @BeforeEach
    void configureAWormTarget() throws IOException {
        Path accessKey = Files.writeString(dir.resolve("access.key"), "AKIDEXAMPLE");
        Path secretKey = Files.writeString(dir.resolve("secret.key"), "wJalrXUtnFEMI/K7MDENG");
        String target = "lifeboat.storage.targets.vault.";
        // a secret reference looks like a Spring placeholder, so application settings escape it as \${...}
        lifeboat = new ApplicationContextRunner().withUserConfiguration(StorageOnly.class).withPropertyValues(
                target + "type=s3", target + "path=" + dir.resolve("staging"), target + "bucket=" + BUCKET,
                target + "endpoint=http://127.0.0.1:" + aws.getPort(), target + "region=eu-central-1",
                target + "access-key-ref=\\${file:" + accessKey + "}", target + "secret-key-ref=\\${file:" + secretKey + "}",
                target + "worm.mode=COMPLIANCE", target + "worm.retain-days=30");
    }

    @Test
    void aBucketWithObjectLockAndVersioningEnabledStarts() {
        AwsObjectLockAnswers.wormBucket(aws, BUCKET);

        lifeboat.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(StorageProperties.class).targets().get("vault")).isEqualTo(new StorageProperties.Target(
                    "s3", dir.resolve("staging"), BUCKET, URI.create("http://127.0.0.1:" + aws.getPort()), "eu-central-1", "",
                    "${file:" + dir.resolve("access.key") + "}", "${file:" + dir.resolve("secret.key") + "}",
                    new StorageProperties.Worm(StorageProperties.WormMode.COMPLIANCE, 30)));
            assertThat(aws.getAllServeEvents()).hasSize(2);
        });
    }

    @Test
    void aBucketWithoutObjectLockRefusesToStartNamingTargetAndBucket() {
        objectLock(xml(200, "<ObjectLockConfiguration " + S3_NS + "></ObjectLockConfiguration>"));
        versioning("<Status>Enabled</Status>");

        lifeboat.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("storage target 'vault' is WORM (COMPLIANCE) but its bucket '"
                    + BUCKET + "': Object Lock is not enabled (ObjectLockEnabled: null)")
                    .doesNotContain("versioning");
            assertThat(analysis.getAction()).contains("Object Lock enabled");
        });
    }

    @Test
    void aBucketThatNeverHadObjectLockNorVersioningNamesBoth() {
        objectLock(error(404, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"));
        versioning("");

        lifeboat.run(context -> {
            assertThat(context).hasFailed();
            assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("bucket '" + BUCKET + "': Object Lock is not enabled (the bucket has no Object Lock configuration)")
                    .contains("bucket '" + BUCKET + "': versioning is not enabled (status: never enabled)")
                    .doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIDEXAMPLE");
        });
    }

    @Test
    void incompleteSettingsAreNamedWithoutContactingS3() {
        lifeboat.withPropertyValues("lifeboat.storage.targets.vault.region=", "lifeboat.storage.targets.vault.access-key-ref=AKIDEXAMPLE")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(analyze(context.getStartupFailure()).getDescription())
                            .contains("storage target 'vault': region is required")
                            .contains("storage target 'vault': accessKeyRef is not a secret reference; use ${env:NAME} or ${file:/path/to/file},"
                                    + " escaped as \\${...} in application settings")
                            .doesNotContain("AKIDEXAMPLE");
                    assertThat(aws.getAllServeEvents()).isEmpty();
                });
    }

    /**
     * Through the analyzers registered in spring.factories, as Spring Boot applies them when start-up fails; those
     * that need Spring Boot's own constructor arguments are left out, they do not explain our exceptions anyway.
     */
    private static void objectLock(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        aws.stubFor(get(urlPathEqualTo("/" + BUCKET)).withQueryParam("object-lock", equalTo("")).willReturn(answer));
    }

    private static void versioning(String status) {
        aws.stubFor(get(urlPathEqualTo("/" + BUCKET)).withQueryParam("versioning", equalTo(""))
                .willReturn(xml(200, "<VersioningConfiguration " + S3_NS + ">" + status + "</VersioningConfiguration>")));
    }
}
