package io.lifeboat.backup.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.BasicAuth;

import static io.lifeboat.backup.agent.BenchLifeboat.DATA_SOURCE;
import static io.lifeboat.backup.agent.BenchLifeboat.SERVICE;

/**
 * The API of a {@link BenchLifeboat} as an operator: a backup, a restore and a drill of the benchmark's service,
 * each awaited until its record says it has finished. Records are asked for only every {@link #WATCH}, which leaves
 * the cores to the work; a run's time is what its record says, not when it was seen.
 */
final class BenchApi {

    private static final String OPERATOR = "operator";
    private static final Duration FINISH = Duration.ofMinutes(10);
    private static final Duration WATCH = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    BenchApi(int port) {
        this.port = port;
    }

    /** Backs the service up through the backup runbook: the id of the verified backup. */
    String backup() throws Exception {
        String id = (String) post("/api/backups", Map.of("service", SERVICE, "reason", "the benchmark's data")).get("id");
        Map<String, Object> backup = await("/api/backups/" + id, "status", Set.of("RUNNING"));
        if (!"SUCCEEDED".equals(backup.get("status")) || !Boolean.TRUE.equals(backup.get("verified"))) {
            throw new IllegalStateException("the benchmark's backup did not succeed verified: " + backup);
        }
        return id;
    }

    /** An alternate restore of {@code backupId} into {@code into}: its record once it says SUCCEEDED. */
    Map<String, Object> restore(String backupId, Path into) throws Exception {
        Map<String, Object> started = post("/api/restores", Map.of("service", SERVICE, "backupId", backupId,
                "reason", "restore benchmark", "target", Map.of("mode", "alternate",
                        "dataSources", Map.of(DATA_SOURCE, Map.of("path", into.toString())))));
        Map<String, Object> restore = await("/api/restores/" + started.get("id"), "state",
                Set.of("RUNNING", "AWAITING_APPROVAL"));
        if (!"SUCCEEDED".equals(restore.get("state"))) {
            throw new IllegalStateException("the benchmark's restore did not succeed: " + restore);
        }
        return restore;
    }

    /** A drill of {@code backupId}: its record once it has its verdict, which must be passed. */
    Map<String, Object> drill(String backupId) throws Exception {
        Map<String, Object> started = post("/api/drills", Map.of("service", SERVICE, "backupId", backupId));
        Map<String, Object> drill = await("/api/drills/" + started.get("id"), "state", Set.of("running"));
        if (!"passed".equals(drill.get("verdict"))) {
            throw new IllegalStateException("the benchmark's drill did not pass: " + drill);
        }
        return drill;
    }

    Map<String, Object> restoreRecord(String id) throws Exception {
        return get("/api/restores/" + id);
    }

    /** The record once its {@code field} says none of {@code unfinished}. */
    private Map<String, Object> await(String path, String field, Set<String> unfinished) throws Exception {
        long deadline = System.nanoTime() + FINISH.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> record = get(path);
            if (!unfinished.contains(record.get(field))) {
                return record;
            }
            Thread.sleep(WATCH.toMillis());
        }
        throw new IllegalStateException(path + " did not finish within " + FINISH);
    }

    private Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(), 202);
    }

    private Map<String, Object> get(String path) throws Exception {
        return send(request(path).GET().build(), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", BasicAuth.demo(OPERATOR));
    }

    private Map<String, Object> send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + answer.statusCode()
                    + ": " + answer.body());
        }
        return json.readValue(answer.body(), new TypeReference<>() { });
    }
}
