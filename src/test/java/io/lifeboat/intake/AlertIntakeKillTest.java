package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.LifeboatJvm;
import io.lifeboat.PostgresDatabases;

/**
 * The "a 202 means stored, also on H2 and after kill -9": Lifeboat, in a JVM of its own, takes a storm of
 * alerts from 16 threads and is killed with SIGKILL mid-way, while it also processes them (incident, runbook,
 * audit). Restarted on the same database, it holds every alert it answered 2xx, processes them into one incident and
 * its audit chain verifies. On H2 in a file, the default, and on PostgreSQL.
 */
class AlertIntakeKillTest {

    private static final int SENDERS = 16;
    private static final int ALERTS = 2_000;
    /** Acknowledged alerts before the kill: far enough into the storm, far from its end. */
    private static final int KILL_AFTER = 400;
    private static final Duration START = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresDatabases POSTGRES = new PostgresDatabases();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    enum Database {
        H2, POSTGRESQL
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void noAlertAnswered2xxIsLostWhenTheJvmIsKilledMidStorm(Database database) throws Exception {
        String url = database == Database.H2
                ? "jdbc:h2:file:" + dataDir.resolve("lifeboat") + ";AUTO_SERVER=TRUE" : POSTGRES.freshJdbcUrl("kill");
        List<String> args = arguments(database, url);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();

        try (LifeboatJvm first = LifeboatJvm.start("first", dataDir, args)) {
            int port = first.awaitPort(START);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            AtomicInteger next = new AtomicInteger();
            for (int thread = 0; thread < SENDERS; thread++) {
                senders.submit(() -> send(port, next, acknowledged, refused));
            }
            await("acknowledged alerts before the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> acknowledged.size() >= KILL_AFTER);
            first.kill();
            senders.shutdown();
            assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.log()).as("the first JVM was killed, not stopped").doesNotContain("Shutdown initiated");
        }
        assertThat(refused).as("alerts refused with a status other than 2xx before the kill").hasValue(0);
        assertThat(acknowledged).as("killed mid-storm").hasSizeBetween(KILL_AFTER, ALERTS - 1);

        try (LifeboatJvm second = LifeboatJvm.start("second", dataDir, args)) {
            int port = second.awaitPort(START);
            SingleConnectionDataSource connection = connection(database, url);
            JdbcTemplate jdbc = new JdbcTemplate(connection);
            assertThat(jdbc.queryForList("select id from alert_inbox", Long.class))
                    .as("inbox after the restart: every alert answered 2xx is in it").containsAll(acknowledged);

            await("every stored alert processed after the restart").atMost(Duration.ofSeconds(90)).until(() -> jdbc
                    .queryForObject("select count(*) from alert_inbox where processed_at is null", Integer.class) == 0);
            assertThat(jdbc.queryForObject("select count(*) from alert_inbox where attempts > 1 or last_error is not null",
                    Integer.class)).as("alerts that failed").isZero();
            assertThat(jdbc.queryForList("select id from incident where service = 'notes'", String.class))
                    .as("the storm's incidents").hasSize(1);
            Integer alertsOfIncident = jdbc.queryForObject("select count(*) from incident_alert", Integer.class);
            assertThat(alertsOfIncident).as("distinct alerts counted by the incident")
                    .isEqualTo(jdbc.queryForObject("select count(*) from alert_inbox", Integer.class))
                    .isGreaterThanOrEqualTo(acknowledged.size());

            JsonNode verification = JSON.readTree(get(port, "/api/audit/verify", "auditor"));
            assertThat(verification.path("valid").asBoolean()).as(verification.toString()).isTrue();
            assertThat(verification.path("events").asLong()).as("audit events, incident.opened among them").isPositive();
            connection.destroy();
        }
    }

    /** @param url the database's JDBC URL; H2's is the default one's, under the data directory */
    private List<String> arguments(Database database, String url) {
        List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--lifeboat.data-dir=" + dataDir,
                "--lifeboat.runbooks-dir=" + Path.of("src/test/runbooks").toAbsolutePath(),
                "--lifeboat.storage.targets.local.path=" + dataDir.resolve("backups"),
                "--lifeboat.scheduler.enabled=false",
                "--lifeboat.intake.processor.tick=PT0.2S",
                "--lifeboat.intake.processor.initial-delay=PT0S"));
        if (database == Database.POSTGRESQL) {
            args.add("--spring.datasource.url=" + url);
            args.add("--spring.datasource.username=" + PostgresDatabases.USER);
        }
        return args;
    }

    /** The test's own connection to the database the JVMs share; H2 is reached through the running JVM's server. */
    private static SingleConnectionDataSource connection(Database database, String url) throws Exception {
        String user = database == Database.H2 ? "sa" : PostgresDatabases.USER;
        return new SingleConnectionDataSource(DriverManager.getConnection(url, user, ""), true);
    }

    /** One sender: posts distinct alerts of one service until the storm is over or Lifeboat is gone. */
    private void send(int port, AtomicInteger next, Set<Long> acknowledged, AtomicInteger refused) {
        for (int n = next.getAndIncrement(); n < ALERTS; n = next.getAndIncrement()) {
            String body = """
                    {"service": "notes", "alertname": "NotesDown", "severity": "warning", "status": "firing",
                     "summary": "storm alert %1$d", "labels": {"instance": "node-%1$d"}}""".formatted(n);
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + AlertFixtures.DEMO_TOKEN)
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException killed) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (answer.statusCode() / 100 != 2) {
                refused.incrementAndGet();
                continue;
            }
            try {
                JSON.readTree(answer.body()).get("ids").forEach(id -> acknowledged.add(id.asLong()));
            } catch (IOException e) {
                throw new IllegalStateException("a 2xx without its receipt: " + answer.body(), e);
            }
        }
    }

    private String get(int port, String path, String user) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }
}
