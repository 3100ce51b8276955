package io.lifeboat.drill;

import static io.lifeboat.drill.DrillApi.checks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;
import io.lifeboat.TestDataDirectory;
import io.lifeboat.servicenow.StubServiceNow;

/**
 * The test catalog's {@code cmdb} service, a servicenow export of a stub instance on the port its entry names: backed
 * up and verified through the API, and drilled with its {@code references} checks of {@code cmdb_rel_ci}'s parents and
 * children against the exported {@code cmdb_ci} sys_ids.
 */
@FullStackTest
class ServiceNowExportFullStackTest {

    /** The port {@code src/test/runbooks/services/cmdb.yaml} names. */
    private static final int PORT = 18089;
    private static final String MISSING_CI = "0badc0de0badc0de0badc0de0badc0de";
    private static final StubServiceNow SERVICE_NOW = seeded(new StubServiceNow(Clock.systemUTC(), PORT));

    @Autowired
    TestRestTemplate http;
    DemoApi api;
    DrillApi drills;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "servicenow-export");
        try {
            Path sandboxes = Files.createTempDirectory("lifeboat-drills-servicenow");
            registry.add("lifeboat.drill.sandbox-dir", sandboxes::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        SERVICE_NOW.close();
    }

    @BeforeEach
    void connect() {
        api = new DemoApi(http);
        drills = new DrillApi(http);
    }

    @Test
    void aBackupOfTheInstanceSucceedsVerifiedWithEveryTableExported() {
        String backupId = api.backedUp("cmdb");

        Map<String, Object> backup = api.get("operator", "/api/backups/" + backupId).getBody();
        assertThat(backup).as("%s", backup).containsEntry("status", "SUCCEEDED").containsEntry("verified", true)
                .containsEntry("method", "full").containsEntry("agent", "servicenow").containsEntry("fileCount", 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) api.get("operator", "/api/backups/" + backupId
                + "/files").getBody().get("files");
        assertThat(files).extracting(file -> file.get("path")).containsExactly("cmdb_ci.jsonl", "cmdb_rel_ci.jsonl",
                "incident.jsonl");
    }

    @Test
    void anExportRestoresIntoADirectoryAndNeverBackIntoTheInstance() throws IOException {
        String backupId = api.backedUp("cmdb");
        ResponseEntity<Map<String, Object>> inPlace = api.post("operator", "/api/restores", Map.of("service", "cmdb",
                "backupId", backupId, "target", Map.of("mode", "in-place"), "reason", "a bulk update went wrong"));
        assertThat(inPlace.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(inPlace.getBody().toString()).contains("data source instance is a servicenow export, which restores"
                + " only elsewhere");

        Path destination = Files.createTempDirectory("lifeboat-servicenow-restore").resolve("cmdb");
        ResponseEntity<Map<String, Object>> alternate = api.post("operator", "/api/restores", Map.of("service", "cmdb",
                "backupId", backupId, "reason", "compare last night's CMDB", "target", Map.of("mode", "alternate",
                        "dataSources", Map.of("instance", Map.of("path", destination.toString())))));
        assertThat(alternate.getStatusCode()).as("%s", alternate.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) alternate.getBody().get("id");
        Map<String, Object> restore = await().atMost(Duration.ofSeconds(60)).until(() -> api.get("operator",
                "/api/restores/" + id).getBody(), record -> !"RUNNING".equals(record.get("state")));

        assertThat(restore).as("%s", restore).containsEntry("state", "SUCCEEDED");
        try (Stream<Path> restored = Files.list(destination)) {
            assertThat(restored.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("incident.jsonl", "cmdb_ci.jsonl", "cmdb_rel_ci.jsonl");
        }
        assertThat(Files.readAllLines(destination.resolve("cmdb_ci.jsonl"))).hasSize(40);
    }

    @Test
    void aDrillProvesEveryRelationPointsAtAnExportedCiAndFailsNamingTheOrphan() {
        api.backedUp("cmdb");

        Map<String, Object> clean = drills.awaitFinished(drills.started("operator", Map.of("service", "cmdb")));

        assertThat(clean).as("%s", clean).containsEntry("verdict", "passed");
        assertThat(checks(clean)).singleElement().satisfies(check -> assertThat(check).containsEntry("name", "relations")
                .containsEntry("passed", true).extractingByKey("evidence").asString()
                .contains("all 80 records with a parent reference an existing record")
                .contains("all 80 records with a child reference an existing record"));

        String orphan = SERVICE_NOW.insert("cmdb_rel_ci", Map.of("parent", SERVICE_NOW.rows("cmdb_ci").get(0)
                .get("sys_id").asText(), "child", MISSING_CI)).get("sys_id").asText();
        api.backedUp("cmdb");

        Map<String, Object> damaged = drills.awaitFinished(drills.started("operator", Map.of("service", "cmdb")));

        assertThat(damaged).as("%s", damaged).containsEntry("verdict", "failed");
        assertThat(checks(damaged)).singleElement().satisfies(check -> assertThat(check).containsEntry("passed", false)
                .extractingByKey("evidence").asString()
                .contains("all 81 records with a parent reference an existing record")
                .contains("1 of 81 records with a child reference no existing record; the first orphans: sys_id=" + orphan
                        + " -> child=" + MISSING_CI));
    }

    /** 40 configuration items, 80 relations between them, 30 incidents of which 20 are active. */
    private static StubServiceNow seeded(StubServiceNow serviceNow) {
        List<String> cis = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cis.add(serviceNow.insert("cmdb_ci", Map.of("name", "server-" + i, "sys_class_name", "cmdb_ci_linux_server"))
                    .get("sys_id").asText());
        }
        for (int i = 0; i < 80; i++) {
            serviceNow.insert("cmdb_rel_ci", Map.of("parent", cis.get(i % 40), "child", cis.get((i * 7 + 1) % 40),
                    "type", "1a9cb166f1571100a92eb60da2bce5c5"));
        }
        for (int i = 0; i < 30; i++) {
            serviceNow.insert("incident", Map.of("short_description", "incident " + i, "active", i % 3 == 0 ? "false" : "true"));
        }
        return serviceNow;
    }
}
