package io.lifeboat.intake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.HandStartedContexts;
import io.lifeboat.LifeboatApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Not a test: {@code ./mvnw -Pbench -DskipTests verify}. On an embedded PostgreSQL, measures alerts accepted per
 * second through the real Alertmanager webhook (several client threads, 127.0.0.1 only, a bounded number of requests
 * of one alert each) and the answers' latency, next to that database's raw rate of single-row autocommit inserts
 * of the same row with as many threads. Every accepted alert costs one committed insert, so the ratio shows what
 * HTTP, authentication, parsing and the catalog lookup add; the same requests refused at the token check show the
 * part of that which is HTTP and security alone. Client and server share the machine's cores.
 */
public final class AlertIntakeBenchmark {

    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 20_000);
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 3_000);

    private AlertIntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // the captured notification with a single alert (db02 resolved)
        byte[] oneAlert = AlertFixtures.alertmanagerCaptures().get(2);
        Path dataDir = Files.createTempDirectory("lifeboat-bench");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ConfigurableApplicationContext lifeboat = start(postgres, dataDir)) {
            int port = Integer.parseInt(lifeboat.getEnvironment().getRequiredProperty("local.server.port"));
            DataSource database = postgres.getPostgresDatabase();
            String storedAlert = AlertJson.write(new ObjectMapper()
                    .readValue(oneAlert, PrometheusStyleWebhook.class).alerts(Sender.ALERTMANAGER, "4").get(0));

            rawInserts(database, storedAlert, WARM_UP);
            double rawPerSecond = rawInserts(database, storedAlert, REQUESTS).perSecond();
            webhook(port, oneAlert, AlertFixtures.DEMO_TOKEN, 202, WARM_UP);
            Run http = webhook(port, oneAlert, AlertFixtures.DEMO_TOKEN, 202, REQUESTS);
            // the same requests refused at the token check: HTTP, security and client, without parsing or database
            Run refused = webhook(port, oneAlert, "not-the-token", 401, REQUESTS);

            System.out.printf(Locale.ROOT, "%nAlert intake benchmark: PostgreSQL (embedded), %d client threads, %d requests"
                    + " of one alert each, after %d warm-up%n", THREADS, REQUESTS, WARM_UP);
            System.out.printf(Locale.ROOT, "  raw single-row INSERT (autocommit): %,10.0f rows/s%n", rawPerSecond);
            System.out.printf(Locale.ROOT, "  POST /api/alerts/alertmanager:      %,10.0f alerts/s  p50 %.2f ms  p99 %.2f ms"
                    + "  max %.2f ms%n", http.perSecond(), http.percentileMillis(50), http.percentileMillis(99),
                    http.percentileMillis(100));
            System.out.printf(Locale.ROOT, "  same POST refused by the token check: %,10.0f requests/s  p50 %.2f ms  p99 %.2f ms%n",
                    refused.perSecond(), refused.percentileMillis(50), refused.percentileMillis(99));
            System.out.printf(Locale.ROOT, "  ratio webhook / raw insert:          %10.2f%n%n", http.perSecond() / rawPerSecond);
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedPostgres postgres, Path dataDir) {
        return HandStartedContexts.withoutTestTypes(new SpringApplicationBuilder(LifeboatApplication.class))
                .run("--spring.main.banner-mode=off",
                        "--logging.level.root=WARN",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres",
                        "--lifeboat.data-dir=" + dataDir,
                        "--lifeboat.runbooks-dir=src/test/runbooks",
                        "--lifeboat.scheduler.enabled=false",
                        "--lifeboat.worker.enabled=false",
                        "--camunda.bpm.job-execution.enabled=false",
                        // intake alone: the processor would compete for the same database
                        "--lifeboat.intake.processor.enabled=false");
    }

    /** Wall time and each operation's latency. */
    record Run(int operations, long elapsedNanos, long[] latencyNanos) {

        double perSecond() {
            return operations / (elapsedNanos / 1e9);
        }

        double percentileMillis(int percentile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(index, 0)] / 1e6;
        }
    }

    private interface Operation {
        void run(int thread) throws Exception;
    }

    private static Run webhook(int port, byte[] body, String token, int expectedStatus, int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/alertmanager"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return measure(requests, thread -> {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expectedStatus) {
                throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
            }
        }, () -> { });
    }

    private static Run rawInserts(DataSource database, String storedAlert, int rows) throws Exception {
        Connection[] connections = new Connection[THREADS];
        PreparedStatement[] inserts = new PreparedStatement[THREADS];
        for (int i = 0; i < THREADS; i++) {
            connections[i] = database.getConnection();
            connections[i].setAutoCommit(true);
            inserts[i] = connections[i].prepareStatement("""
                    insert into alert_inbox (received_at, source, service, fingerprint, status, alert)
                    values (?, 'alertmanager', 'vault', '39d0128fc9997d11', 'RESOLVED', ?)""");
        }
        return measure(rows, thread -> {
            inserts[thread].setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            inserts[thread].setString(2, storedAlert);
            inserts[thread].executeUpdate();
        }, () -> {
            for (Connection connection : connections) {
                connection.close();
            }
        });
    }

    private static Run measure(int operations, Operation operation, AutoCloseable cleanUp) throws Exception {
        long[] latencies = new long[operations];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long start = System.nanoTime();
            List<Future<Object>> workers = IntStream.range(0, THREADS).mapToObj(thread -> pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    operation.run(thread);
                    latencies[i] = System.nanoTime() - begin;
                }
                return null;
            })).toList();
            for (Future<Object> worker : workers) {
                worker.get();
            }
            return new Run(operations, System.nanoTime() - start, latencies);
        } finally {
            pool.shutdown();
            cleanUp.close();
        }
    }
}
