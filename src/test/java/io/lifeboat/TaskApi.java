package io.lifeboat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.lifeboat.incident.IncidentStatusUpdateRunbook;

import static org.assertj.core.api.Assertions.assertThat;

/** A runbook's tasks as a demo user works them over {@code /engine-rest}, the way Tasklist does. */
public final class TaskApi {

    private static final String STATUS_UPDATE = IncidentStatusUpdateRunbook.Element.ApproveStatusUpdate.id();

    private final TestRestTemplate http;

    public TaskApi(TestRestTemplate http) {
        this.http = http;
    }

    /**
     * The open task of the runbook with this business key (an incident or drill id) the user sees, or null. An
     * incident's status updates share its business key and run beside it: they are {@link #statusUpdate}'s.
     */
    public Map<String, Object> task(String user, String businessKey) {
        return getList(user, "/engine-rest/task?processInstanceBusinessKey=" + businessKey).stream()
                .filter(task -> !STATUS_UPDATE.equals(task.get("taskDefinitionKey"))).findFirst().orElse(null);
    }

    /** The incident's open status update tasks the user sees, oldest first. */
    public List<Map<String, Object>> statusUpdates(String user, String incidentId) {
        return getList(user, "/engine-rest/task?processInstanceBusinessKey=" + incidentId + "&taskDefinitionKey=" + STATUS_UPDATE
                + "&sortBy=created&sortOrder=asc");
    }

    /** The Camunda Form Tasklist renders for the task, as deployed with the runbook. */
    public String deployedForm(String user, Map<String, Object> task) {
        ResponseEntity<String> form = http.withBasicAuth(user, user).getForEntity("/engine-rest/task/" + task.get("id")
                + "/deployed-form", String.class);
        assertThat(form.getStatusCode()).as(form.getBody()).isEqualTo(HttpStatus.OK);
        return form.getBody();
    }

    public Object variable(String user, Map<String, Object> task, String name) {
        return get(user, "/engine-rest/task/" + task.get("id") + "/variables/" + name).getBody().get("value");
    }

    public void complete(String user, Map<String, Object> task, Map<String, Object> variables) {
        ResponseEntity<String> response = http.withBasicAuth(user, user).exchange("/engine-rest/task/" + task.get("id") + "/complete",
                HttpMethod.POST, new HttpEntity<>(completion(variables)), String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    /** A completion the engine refuses: its answer, and the task still open. */
    public ResponseEntity<Map<String, Object>> completeRefused(String user, Map<String, Object> task, Map<String, Object> variables) {
        ResponseEntity<Map<String, Object>> response = http.withBasicAuth(user, user).exchange("/engine-rest/task/" + task.get("id")
                + "/complete", HttpMethod.POST, new HttpEntity<>(completion(variables)), new ParameterizedTypeReference<>() { });
        assertThat(get(user, "/engine-rest/task/" + task.get("id")).getStatusCode()).as("still open").isEqualTo(HttpStatus.OK);
        return response;
    }

    private static Map<String, Object> completion(Map<String, Object> variables) {
        return Map.of("variables", variables.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> Map.of("value", entry.getValue()))));
    }

    public ResponseEntity<Map<String, Object>> get(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }

    public List<Map<String, Object>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }
}
