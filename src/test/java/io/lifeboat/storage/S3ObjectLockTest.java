package io.lifeboat.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lifeboat.storage.AwsObjectLockAnswers.VERSION;
import static io.lifeboat.storage.AwsObjectLockAnswers.error;
import static io.lifeboat.storage.AwsObjectLockAnswers.legalHold;
import static io.lifeboat.storage.AwsObjectLockAnswers.noRetention;
import static io.lifeboat.storage.AwsObjectLockAnswers.retainedUntil;
import static io.lifeboat.storage.AwsObjectLockAnswers.versionDeleteDenied;
import static io.lifeboat.storage.AwsObjectLockAnswers.versionListed;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object Lock as AWS S3 enforces it, which no local S3 server does (integrations.md §6.2): WireMock checks the
 * requests Lifeboat sends and gives AWS's answers, in AWS's XML.
 */
class S3ObjectLockTest {

    static final String BUCKET = "lifeboat-vault";
    private static final String KEY = "helpdesk/files/tickets/b-1.tar.gz";
    private static final String PATH = "/" + BUCKET + "/" + KEY;
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;
    private S3ObjectStores stores;
    private S3ObjectStore vault;

    @BeforeEach
    void connect() throws IOException {
        stores = new S3ObjectStores(wormTargets(dir, URI.create("http://127.0.0.1:" + aws.getPort())), Clock.fixed(NOW, ZoneOffset.UTC));
        vault = stores.store("vault");
    }

    @AfterEach
    void close() {
        stores.close();
    }

    /** One WORM target "vault" (COMPLIANCE, 30 days) on {@code endpoint}, keys in secret files. */
    static StorageProperties wormTargets(Path dir, URI endpoint) throws IOException {
        Path accessKey = Files.writeString(dir.resolve("access.key"), "AKIDEXAMPLE\n");
        Path secretKey = Files.writeString(dir.resolve("secret.key"), "wJalrXUtnFEMI/K7MDENG\n");
        return new StorageProperties(Map.of("vault", new StorageProperties.Target(StorageProperties.Target.S3,
                dir.resolve("staging"), BUCKET, endpoint, "eu-central-1", "", "${file:" + accessKey + "}",
                "${file:" + secretKey + "}", new StorageProperties.Worm(StorageProperties.WormMode.COMPLIANCE, 30))));
    }

    @Test
    void everyUploadToAWormTargetCarriesLockModeRetainUntilAndItsSha256() throws Exception {
        // as AWS: lock headers without a checksum are refused (integrations.md §6.1)
        aws.stubFor(put(urlPathEqualTo(PATH)).atPriority(10).willReturn(error(400, "InvalidRequest",
                "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters")));
        aws.stubFor(put(urlPathEqualTo(PATH)).atPriority(1)
                .withHeader("x-amz-sdk-checksum-algorithm", equalTo("SHA256"))
                .withHeader("x-amz-trailer", equalTo("x-amz-checksum-sha256"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"6d1c8e1d0a3d4f0c9b1e0f5a2b3c4d5e\"")));
        byte[] content = "tar archive bytes".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("b-1.tar.gz"), content);

        vault.upload(KEY, file);

        // the SDK streams the body aws-chunked and sends the SHA-256 of the content as a trailer after it
        String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        aws.verify(1, putRequestedFor(urlPathEqualTo(PATH))
                .withHeader("x-amz-object-lock-mode", equalTo("COMPLIANCE"))
                .withHeader("x-amz-object-lock-retain-until-date", equalTo("2026-12-22T03:00:00Z"))
                .withRequestBody(containing("x-amz-checksum-sha256:" + sha256)));
    }

    @Test
    void aLegalHoldIsSetOnTheObject() {
        aws.stubFor(put(urlPathEqualTo(PATH)).withQueryParam("legal-hold", equalTo(""))
                .willReturn(aResponse().withStatus(200)));

        vault.setLegalHold(KEY, true);

        aws.verify(putRequestedFor(urlPathEqualTo(PATH)).withQueryParam("legal-hold", equalTo(""))
                .withRequestBody(matchingXPath("//*[local-name()='LegalHold']/*[local-name()='Status']/text()", equalTo("ON"))));
    }

    @Test
    void deletingALockedVersionIsRefusedAsKeptWithTheDate() {
        versionListed(aws, BUCKET, KEY);
        versionDeleteDenied(aws, BUCKET, KEY);
        retainedUntil(aws, BUCKET, KEY, "2026-12-22T03:00:00.000Z");
        legalHold(aws, BUCKET, KEY, "OFF");

        assertThatThrownBy(() -> vault.delete(KEY)).isInstanceOf(ObjectLockedException.class)
                .hasMessage("kept: object s3://" + BUCKET + "/" + KEY + " (version " + VERSION + ") is locked until"
                        + " 2026-12-22T03:00:00Z (COMPLIANCE)");
    }

    @Test
    void aLegalHoldAloneAlsoKeepsTheVersion() {
        versionListed(aws, BUCKET, KEY);
        versionDeleteDenied(aws, BUCKET, KEY);
        noRetention(aws, BUCKET, KEY);
        legalHold(aws, BUCKET, KEY, "ON");

        assertThatThrownBy(() -> vault.delete(KEY)).isInstanceOf(ObjectLockedException.class)
                .hasMessageEndingWith("(version " + VERSION + ") is under legal hold");
    }

    @Test
    void accessDeniedWithoutAnyLockIsAPermissionProblemNotAKeptObject() {
        versionListed(aws, BUCKET, KEY);
        versionDeleteDenied(aws, BUCKET, KEY);
        noRetention(aws, BUCKET, KEY);
        legalHold(aws, BUCKET, KEY, "OFF");

        assertThatThrownBy(() -> vault.delete(KEY)).isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("storage target 'vault' probably lack s3:DeleteObjectVersion")
                .hasMessageContaining("403 AccessDenied: Access Denied")
                .hasMessageNotContaining("wJalrXUtnFEMI").hasMessageNotContaining("AKIDEXAMPLE");
    }
}
