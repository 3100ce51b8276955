package io.lifeboat.intake;

import java.io.IOException;
import java.net.ServerSocket;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.incident.IncidentRunbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Alertmanager (Debian's 0.25, started by this test on 127.0.0.1) whose webhook receiver is Lifeboat: a firing
 * alert reaches the commander's assess task with the emergency backup already verified, a repeat joins the same
 * incident, and resolving the alerts correlates into it.
 */
@FullStackTest
class AlertmanagerEndToEndTest {

    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final Duration SOON = Duration.ofSeconds(60);

    @LocalServerPort
    int lifeboatPort;
    @Autowired
    TestRestTemplate http;

    private final HttpClient client = HttpClient.newHttpClient();
    private Process alertmanager;
    private String alertmanagerUrl;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "alertmanager");
    }

    @AfterEach
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.destroy();
        }
    }

    @Test
    void aFiringAlertReachesTheCommanderWithAVerifiedBackupAndItsResolutionCorrelates() throws Exception {
        startAlertmanager();

        fire("db01", null);
        String incidentId = await().atMost(SOON).until(() -> openIncidents(), incidents -> incidents.size() == 1).get(0);
        Map<String, Object> assess = await().atMost(SOON).until(() -> commanderTask(incidentId), task -> task != null);
        assertThat(assess).containsEntry("taskDefinitionKey", IncidentRunbook.Element.Assess.id());
        String backupId = (String) get("/engine-rest/task/" + assess.get("id") + "/variables/backupId").get("value");
        assertThat(get("/api/backups/" + backupId)).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("trigger", "emergency");

        fire("db01", null);
        fire("db02", null);
        await().atMost(SOON).until(() -> alerts(incidentId).size() == 2);
        assertThat(openIncidents()).containsExactly(incidentId);

        Instant now = Instant.now();
        fire("db01", now);
        fire("db02", now);
        await().atMost(SOON).until(() -> Boolean.TRUE.equals(get("/api/incidents/" + incidentId).get("allAlertsResolved")));
        assertThat(alerts(incidentId)).extracting(alert -> alert.get("status")).containsOnly("RESOLVED");
        assertThat(getList("/api/backups?service=notes")).hasSize(1);
    }

    private void startAlertmanager() throws Exception {
        assertThat(ALERTMANAGER).as("Debian's prometheus-alertmanager (installed by .ci/run)").isExecutable();
        Path dir = Files.createTempDirectory("alertmanager");
        int port = freePort();
        alertmanagerUrl = "http://127.0.0.1:" + port;
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: lifeboat
                  group_by: [alertname, service]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                receivers:
                  - name: lifeboat
                    webhook_configs:
                      - url: http://127.0.0.1:%d/api/alerts/alertmanager
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: demo-intake-token
                """.formatted(lifeboatPort));
        alertmanager = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await().atMost(SOON).ignoreExceptions().until(() -> client.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/-/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Posts one alert to Alertmanager's own API, as Prometheus would; {@code endsAt} in the past resolves it. */
    private void fire(String instance, Instant endsAt) throws Exception {
        String alert = """
                [{"labels": {"alertname": "NotesDown", "service": "notes", "severity": "critical", "instance": "%s"},
                  "annotations": {"summary": "notes unreachable on %s"}%s}]""".formatted(instance, instance,
                endsAt == null ? "" : ", \"endsAt\": \"" + endsAt + "\"");
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alert)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private List<String> openIncidents() {
        return getList("/api/incidents?service=notes&state=OPEN").stream().map(incident -> (String) incident.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> alerts(String incidentId) {
        return (List<Map<String, Object>>) get("/api/incidents/" + incidentId).get("alerts");
    }

    private Map<String, Object> commanderTask(String incidentId) {
        // the incident's own tasks, not the status updates sharing its business key
        List<Map<String, Object>> tasks = getList("/engine-rest/task?processInstanceBusinessKey=" + incidentId
                + "&processDefinitionKey=" + IncidentRunbook.KEY);
        return tasks.isEmpty() ? null : tasks.get(0);
    }

    private Map<String, Object> get(String path) {
        return http.withBasicAuth("commander", "commander").exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<Map<String, Object>>() { }).getBody();
    }

    private List<Map<String, Object>> getList(String path) {
        return http.withBasicAuth("commander", "commander").exchange(path, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
