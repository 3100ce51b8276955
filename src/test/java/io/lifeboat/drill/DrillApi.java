package io.lifeboat.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.lifeboat.DemoApi;
import io.lifeboat.TaskApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drills over the HTTP API as the demo users ask for them and read them, for the full-stack drill tests: a drill
 * started and awaited, its retry and its task, its record's parts and the service's drill state.
 */
final class DrillApi {

    /** How long a drill (a pgBackRest cluster restored and started included) may take in a test. */
    private static final Duration FINISH = Duration.ofSeconds(90);

    private final DemoApi api;
    private final TaskApi tasks;

    DrillApi(TestRestTemplate http) {
        this.api = new DemoApi(http);
        this.tasks = new TaskApi(http);
    }

    /** {@code POST /api/drills} accepted: the drill's id. */
    String started(String user, Map<String, Object> request) {
        ResponseEntity<Map<String, Object>> started = api.post(user, "/api/drills", request);
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) started.getBody().get("id");
    }

    /** The drill's record once it has finished. */
    Map<String, Object> awaitFinished(String id) {
        return await().atMost(FINISH).pollInterval(Duration.ofMillis(200)).until(() -> api.get("operator", "/api/drills/" + id)
                .getBody(), drill -> "finished".equals(drill.get("state")));
    }

    /** The retry of an inconclusive drill, once the runbook has started and finished it. */
    Map<String, Object> awaitFinishedRetryOf(String service, String drillId) {
        return await().atMost(FINISH).until(() -> list(service).stream().filter(one -> drillId.equals(one.get("retryOf")))
                .findFirst().orElse(null), found -> found != null && "finished".equals(found.get("state")));
    }

    /** The open task of the drill's runbook that the user sees, once there is one. */
    Map<String, Object> awaitTask(String user, String drillId) {
        return await().atMost(FINISH).until(() -> tasks.task(user, drillId), found -> found != null);
    }

    /** {@code GET /api/drills?service=}. */
    List<Map<String, Object>> list(String service) {
        return api.getList("operator", "/api/drills?service=" + service).getBody();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> drillState(String service) {
        return (Map<String, Object>) api.get("auditor", "/api/services/" + service).getBody().get("drillState");
    }

    TaskApi tasks() {
        return tasks;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> checks(Map<String, Object> drill) {
        return (List<Map<String, Object>>) drill.get("checks");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> teardown(Map<String, Object> drill) {
        return (Map<String, Object>) drill.get("teardown");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> sandbox(Map<String, Object> drill) {
        return (Map<String, Map<String, Object>>) drill.get("sandbox");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> damage(Map<String, Object> drill) {
        return (List<Map<String, Object>>) drill.get("damage");
    }
}
