package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.TestRunbooks;
import io.lifeboat.agent.BackupApi;

/**
 * The classification table's backup method reaches the emergency backup's agent, on a real PostgreSQL 15 with
 * Debian's pgBackRest and pg_dump (as in {@link PgBackRestAgentTest} and {@link PgDumpAgentTest}): a critical
 * incident on a tier-3 service asks for an incremental backup ({@code processes/incident-classification.dmn}), which
 * pgBackRest makes on top of the service's full one, while pg_dump dumps everything; each record says what was made.
 */
@FullStackTest
class EmergencyBackupMethodTest {

    private static final String STANZA = "ledger";
    private static final Duration FINISH = Duration.ofSeconds(120);

    private static PostgresServer server;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        TestDataDirectory.register(registry, "emergency-method");
        server = PostgresServer.start(STANZA);
        server.createStanza();
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database crm");
        }
        String runbooks = runbooks();
        registry.add("lifeboat.runbooks-dir", () -> runbooks);
        registry.add("lifeboat.agents.pgbackrest.launcher", () -> String.join(" ", PostgresServer.AS_POSTGRES));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pgBackRestMakesTheIncrementalBackupTheClassificationAsksForOnTopOfTheFullOne() throws Exception {
        BackupApi api = new BackupApi(http);
        Map<String, Object> full = awaitFinished(api, api.request("ledger", "the policy's full backup"));
        assertThat(full).containsEntry("status", "SUCCEEDED").containsEntry("method", "full");

        String incident = declareCriticalIncident("ledger");
        Map<String, Object> emergency = awaitFinished(api, emergencyBackupOf(incident, "ledger"));

        assertThat(emergency).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("trigger", "emergency").containsEntry("method", "incremental");
        PgBackRestInfo info = PgBackRestInfo.parse(server.pgbackrest("--output=json", "info").stdout(), STANZA);
        assertThat(info.annotated(PgBackRestAgent.ANNOTATION, (String) emergency.get("id")))
                .hasValueSatisfying(backup -> assertThat(backup.type()).isEqualTo("incr"));
        assertThat((String) emergency.get("snapshotId")).startsWith(full.get("snapshotId") + "_").endsWith("I");
        assertThat(timeline(incident))
                .anyMatch(text -> text.startsWith("incremental emergency backup started: " + emergency.get("id")));
    }

    @Test
    void pgDumpAskedForAnIncrementalBackupDumpsEverythingAndTheRecordSaysFull() {
        BackupApi api = new BackupApi(http);
        String incident = declareCriticalIncident("crm");
        Map<String, Object> emergency = awaitFinished(api, emergencyBackupOf(incident, "crm"));

        assertThat(emergency).containsEntry("status", "SUCCEEDED").containsEntry("agent", "pgdump")
                .containsEntry("method", "full");
        assertThat(timeline(incident))
                .anyMatch(text -> text.startsWith("incremental emergency backup started: " + emergency.get("id")));
    }

    /** Tier 3, so a critical incident asks for an incremental emergency backup; scheduled backups are full. */
    private static String runbooks() throws IOException {
        Path runbooks = TestRunbooks.create("emergency-method");
        Files.writeString(runbooks.resolve("secrets/pg.pw"), PostgresServer.PASSWORD + "\n");
        Path services = runbooks.resolve("services");
        Files.writeString(services.resolve("ledger.yaml"), service("ledger", """
                agent: pgbackrest
                    settings:
                      stanza: %s
                      configFile: %s""".formatted(STANZA, server.pgbackrestConfig())));
        Files.writeString(services.resolve("crm.yaml"), service("crm", """
                agent: pgdump
                    settings:
                      host: 127.0.0.1
                      port: %d
                      database: crm
                      user: %s
                      passwordRef: "${file:secrets/pg.pw}\"""".formatted(server.port(), PostgresServer.SUPERUSER)));
        return runbooks.toString();
    }

    private static String service(String id, String agent) {
        return """
                id: %1$s
                name: Service %1$s
                tier: 3
                ownerGroup: operators
                rto: PT8H
                rpo: PT24H
                mtd: P3D
                dataSources:
                  - name: database
                    %2$s
                backupPolicy:
                  schedule: "0 0 0 * * *"
                  method: full
                  storageTarget: local
                """.formatted(id, agent);
    }

    private String declareCriticalIncident(String service) {
        ResponseEntity<Map<String, Object>> declared = http.withBasicAuth("commander", "commander").exchange("/api/incidents",
                HttpMethod.POST, new HttpEntity<>(Map.of("service", service, "severity", "critical", "title", "disk errors")),
                new ParameterizedTypeReference<>() { });
        assertThat(declared.getStatusCode()).as("%s", declared.getBody()).isEqualTo(HttpStatus.CREATED);
        return (String) declared.getBody().get("id");
    }

    /** The incident's runbook classifies it and starts the emergency backup after an async boundary. */
    private String emergencyBackupOf(String incident, String service) {
        return await().atMost(FINISH).until(() -> backups(service).stream()
                        .filter(backup -> incident.equals(backup.get("incidentId"))).findFirst(), found -> found.isPresent())
                .map(backup -> (String) backup.get("id")).orElseThrow();
    }

    private List<Map<String, Object>> backups(String service) {
        return http.withBasicAuth("commander", "commander").exchange("/api/backups?service=" + service, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private List<String> timeline(String incident) {
        Map<String, Object> body = http.withBasicAuth("commander", "commander").exchange("/api/incidents/" + incident,
                HttpMethod.GET, null, new ParameterizedTypeReference<Map<String, Object>>() { }).getBody();
        return ((List<?>) body.get("timeline")).stream().map(entry -> (String) ((Map<?, ?>) entry).get("text")).toList();
    }

    private static Map<String, Object> awaitFinished(BackupApi api, String id) {
        return await().atMost(FINISH).pollInterval(Duration.ofMillis(300))
                .until(() -> api.backup(id), backup -> !"RUNNING".equals(backup.get("status")));
    }
}
