package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.secret.SecretReference;

/** How the keys of an {@code s3:} repository reach restic: in a credentials file only, and really used for signing. */
class ResticProcessTest {

    private static final String ACCESS_KEY = "lifeboat-access-key";
    /** {@code #} and {@code ;} would end a bare value in restic's INI reader. */
    private static final String SECRET_KEY = "s3-secret-Kx7#q;9/w+Z";

    @TempDir
    Path dir;

    private SecretReference password;
    private SecretReference accessKey;
    private SecretReference secretKey;

    @BeforeEach
    void writeSecrets() throws IOException {
        Files.writeString(dir.resolve("restic.pw"), "correct horse\n");
        Files.writeString(dir.resolve("s3-access.key"), ACCESS_KEY + "\n");
        Files.writeString(dir.resolve("s3-secret.key"), SECRET_KEY + "\n");
        password = SecretReference.parse("${file:restic.pw}", dir);
        accessKey = SecretReference.parse("${file:s3-access.key}", dir);
        secretKey = SecretReference.parse("${file:s3-secret.key}", dir);
    }

    /**
     * S3Mock accepts any signature, so this S3 endpoint records restic's requests and checks their AWS Signature V4
     * itself: proof that restic 0.14 read both keys from the file in {@code AWS_SHARED_CREDENTIALS_FILE}.
     */
    @Test
    void resticSignsItsRequestsWithTheReferencedKeys() throws Exception {
        List<Request> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(Request.of(exchange));
            // no such object: restic gives up at once instead of retrying
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String repository = "s3:http://127.0.0.1:" + server.getAddress().getPort() + "/restic-repo/kb";
            ResticProcess restic = new ResticProcess(Path.of("/usr/bin/restic"), repository, password,
                    new ResticProcess.S3Access(accessKey, secretKey, "eu-central-1", "path"));

            ToolProcess.Result result = restic.run("cat", "config");

            assertThat(ResticFailures.repositoryMissing(result)).as(result.stderr()).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path()).as("path-style bucket lookup").startsWith("/restic-repo/");
            assertThat(request.authorization())
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/").contains("/eu-central-1/s3/aws4_request");
            assertThat(request.signedWith(SECRET_KEY)).as("signature with the secret key").isTrue();
            assertThat(request.signedWith("s3-secret-Kx7")).as("the checker tells a wrong key").isFalse();
        });
    }

    /** A stand-in restic that writes down what it was given shows what reaches the command line and environment. */
    @Test
    void theKeysAreOnlyInAnOwnerOnlyFileThatIsGoneAfterTheCommand() throws Exception {
        Path fake = Files.writeString(dir.resolve("fake-restic"), """
                #!/bin/sh
                printf '%%s\\n' "$@" > %1$s/args
                env > %1$s/env
                stat -c %%a "$AWS_SHARED_CREDENTIALS_FILE" > %1$s/mode
                cat "$AWS_SHARED_CREDENTIALS_FILE" > %1$s/credentials
                """.formatted(dir));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        ResticProcess restic = new ResticProcess(fake, "s3:http://127.0.0.1:9/bucket/kb", password,
                new ResticProcess.S3Access(accessKey, secretKey, "us-east-1", "path"));

        ToolProcess.Result result = restic.run("snapshots", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.command()).isEqualTo("restic snapshots");
        assertThat(Files.readAllLines(dir.resolve("args")))
                .containsExactly("-o", "s3.region=us-east-1", "-o", "s3.bucket-lookup=path", "snapshots", "--json");
        List<String> environment = Files.readAllLines(dir.resolve("env"));
        assertThat(environment).contains("AWS_PROFILE=lifeboat", "RESTIC_REPOSITORY=s3:http://127.0.0.1:9/bucket/kb")
                .noneMatch(line -> line.contains(ACCESS_KEY) || line.contains(SECRET_KEY))
                .filteredOn(line -> line.startsWith("AWS_"))
                .extracting(line -> line.substring(0, line.indexOf('=')))
                .containsExactlyInAnyOrder("AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE");
        assertThat(Files.readString(dir.resolve("mode")).strip()).isEqualTo("600");
        assertThat(dir.resolve("credentials")).hasContent("""
                [lifeboat]
                aws_access_key_id = \"""%s\"""
                aws_secret_access_key = \"""%s\"""
                """.formatted(ACCESS_KEY, SECRET_KEY));
        Path credentialsFile = Path.of(environment.stream().filter(l -> l.startsWith("AWS_SHARED_CREDENTIALS_FILE="))
                .findFirst().orElseThrow().substring("AWS_SHARED_CREDENTIALS_FILE=".length()));
        assertThat(credentialsFile).as("deleted after the command").doesNotExist();
    }

    @Test
    void aKeyTheCredentialsFileCannotCarryIsRefusedWithoutShowingIt() throws Exception {
        String quoted = "abc\"def";
        Files.writeString(dir.resolve("s3-secret.key"), quoted);
        ResticProcess restic = new ResticProcess(Path.of("/usr/bin/restic"), "s3:http://127.0.0.1:9/bucket/kb", password,
                new ResticProcess.S3Access(accessKey, secretKey, "us-east-1", "path"));

        assertThatThrownBy(() -> restic.run("snapshots"))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("the secret of " + secretKey + " is empty or holds a quote or control character")
                .message().doesNotContain(quoted).doesNotContain(ACCESS_KEY);
    }

    /** One request as it arrived, enough to check its AWS Signature V4. */
    private record Request(String method, String path, String query, String authorization, List<String> headers) {

        private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=[^/]+/(\\d{8})/([^/]+)/s3/"
                + "aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

        static Request of(HttpExchange exchange) {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher matcher = AUTHORIZATION.matcher(authorization);
            List<String> signed = matcher.matches() ? Arrays.asList(matcher.group(3).split(";")) : List.of();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    rawQuery == null ? "" : rawQuery, authorization,
                    signed.stream().map(name -> name + ":" + exchange.getRequestHeaders().getFirst(name).strip()).toList());
        }

        boolean signedWith(String secret) {
            Matcher matcher = AUTHORIZATION.matcher(authorization);
            if (!matcher.matches()) {
                return false;
            }
            String date = matcher.group(1);
            String canonical = String.join("\n", method, path,
                    Arrays.stream(query.split("&")).filter(p -> !p.isEmpty()).map(p -> p.contains("=") ? p : p + "=")
                            .sorted().collect(Collectors.joining("&")),
                    String.join("\n", headers) + "\n", matcher.group(3), header("x-amz-content-sha256"));
            String scope = date + "/" + matcher.group(2) + "/s3/aws4_request";
            String toSign = String.join("\n", "AWS4-HMAC-SHA256", header("x-amz-date"), scope, hex(sha256(canonical)));
            byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
            for (String part : scope.split("/")) {
                key = hmac(key, part);
            }
            return hex(hmac(key, toSign)).equals(matcher.group(4));
        }

        private String header(String name) {
            return headers.stream().filter(h -> h.startsWith(name + ":")).findFirst().orElseThrow()
                    .substring(name.length() + 1);
        }

        private static byte[] hmac(byte[] key, String data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] sha256(String data) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
    }
}
