package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.BasicAuth;
import io.lifeboat.LifeboatApplication;
import io.lifeboat.PostgresDatabases;
import io.lifeboat.TestJvm;

/**
 * The {@code postgres} profile as shipped (application-postgres.yaml, environment variables only) on a real
 * PostgreSQL, each start its own process: without {@code LIFEBOAT_ADMIN_PASSWORD} it must refuse to start, naming
 * the administrator, instead of creating {@code admin} with an empty password; with a strong one it serves the admin.
 */
class PostgresProfileStartTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @RegisterExtension
    static PostgresDatabases postgres = new PostgresDatabases();

    @TempDir
    Path dataDir;

    @Test
    void withoutAnAdminPasswordTheStartIsRefusedNamingTheUser() throws Exception {
        Path log = dataDir.resolve("refused.log");
        Process lifeboat = start(Map.of(), log);
        boolean exited = lifeboat.waitFor(START_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!exited) {
            lifeboat.destroyForcibly();
        }

        assertThat(exited).as("the refused application exits by itself").isTrue();
        assertThat(lifeboat.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("Refusing to start: user admin (camunda.bpm.admin-user) would be "
                + "created with an empty password. Set LIFEBOAT_ADMIN_PASSWORD to a strong password.");
    }

    @Test
    void aWellKnownAdminPasswordIsRefusedToo() throws Exception {
        Path log = dataDir.resolve("well-known.log");
        Process lifeboat = start(Map.of("LIFEBOAT_ADMIN_PASSWORD", "changeme"), log);
        assertThat(lifeboat.waitFor(START_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).isTrue();

        assertThat(Files.readString(log)).contains("user admin (camunda.bpm.admin-user) would be created with a "
                + "well-known default password").doesNotContain("changeme");
    }

    @Test
    void withAStrongAdminPasswordItStartsAndOnlyThatPasswordSignsIn() throws Exception {
        String password = "Rescue-Boat-2026!x";
        Path log = dataDir.resolve("started.log");
        Process lifeboat = start(Map.of("LIFEBOAT_ADMIN_PASSWORD", password), log);
        try {
            int port = awaitPort(lifeboat, log);
            HttpClient http = HttpClient.newHttpClient();

            // in this order: a failed login locks the user for a few seconds
            assertThat(get(http, port, "admin", password).statusCode()).isEqualTo(200);
            assertThat(get(http, port, "admin", "").statusCode()).isEqualTo(401);
        } finally {
            lifeboat.destroyForcibly().waitFor();
        }
    }

    private Process start(Map<String, String> environment, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(TestJvm.commandLine(LifeboatApplication.class, List.of(
                "--spring.profiles.active=postgres",
                "--lifeboat.data-dir=" + dataDir,
                "--server.port=0",
                "--lifeboat.scheduler.enabled=false",
                "--lifeboat.worker.enabled=false")));
        builder.environment().remove("LIFEBOAT_ADMIN_PASSWORD");
        builder.environment().put("LIFEBOAT_DB_URL", postgres.freshJdbcUrl("profile"));
        builder.environment().put("LIFEBOAT_DB_USER", "postgres");
        builder.environment().put("LIFEBOAT_DB_PASSWORD", "postgres");
        builder.environment().put("LIFEBOAT_AUDIT_KEY", "a7f3c91e5b2d48f06e1c9a3b7d5f20e84c6a1b9d3f7e05c2a8b4d6f1e3c9a7b5");
        builder.environment().putAll(environment);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int awaitPort(Process lifeboat, Path log) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher port = PORT.matcher(Files.readString(log));
            if (port.find()) {
                return Integer.parseInt(port.group(1));
            }
            assertThat(lifeboat.isAlive()).as("Lifeboat is starting; its log:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("Lifeboat did not start within " + START_TIMEOUT);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/audit/verify"))
                .header("Authorization", BasicAuth.header(user, password)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
