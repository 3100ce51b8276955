package io.lifeboat.backup.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;
import io.lifeboat.secret.SecretReference;
import io.lifeboat.servicenow.ServiceNowInstance;
import io.lifeboat.servicenow.ServiceNowTableApi;
import io.lifeboat.servicenow.StubServiceNow;
import io.lifeboat.servicenow.TableQuery;

class ServiceNowExportAgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter GLIDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private final ServiceNowExportAgent agent = new ServiceNowExportAgent(Clock.systemUTC(), path -> Long.MAX_VALUE);
    private StubServiceNow serviceNow = new StubServiceNow(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        serviceNow.close();
    }

    @Test
    void exportsEveryTableCompleteAndExactOnePageAfterTheOther() throws Exception {
        seed("incident", 1500, 7);
        seed("cmdb_ci", 1200, 5);
        seed("cmdb_rel_ci", 800, 3);
        List<String> progress = new ArrayList<>();

        Snapshot snapshot = agent.backup("b-1", location(Map.of("query", Map.of("incident", "active=true")), 100),
                (done, total, message) -> progress.add(message));

        ServiceNowExportManifest manifest = ServiceNowExportManifest.read(backupDir().resolve("b-1.manifest.json"));
        assertThat(manifest.tables()).extracting(ServiceNowExportManifest.Table::table)
                .containsExactly("incident", "cmdb_ci", "cmdb_rel_ci");
        for (ServiceNowExportManifest.Table table : manifest.tables()) {
            List<ObjectNode> expected = serviceNow.rows(table.table()).stream()
                    .filter(row -> !table.table().equals("incident") || row.get("active").asText().equals("true"))
                    .sorted((a, b) -> a.get("sys_id").asText().compareTo(b.get("sys_id").asText())).toList();
            Path file = exportDir("b-1").resolve(table.file());
            assertThat(lines(file)).as(table.table()).isEqualTo(expected);
            assertThat(table.count()).isEqualTo(expected.size());
            assertThat(table.sha256()).isEqualTo(Sha256.of(file));
            assertThat(table.bytes()).isEqualTo(Files.size(file));
            assertThat(table.highWaterMark()).isEqualTo(expected.stream().map(row -> row.get("sys_updated_on").asText())
                    .max(String::compareTo).orElseThrow());
        }
        assertThat(manifest.tables().get(0).count()).as("the filter keeps the active incidents").isEqualTo(750);
        assertThat(manifest.tables().get(0).filter()).isEqualTo("active=true");
        assertThat(manifest.startedAt()).isNotBlank();
        assertThat(snapshot).isEqualTo(new Snapshot("servicenow", "b-1", manifest.bytes(), 3,
                Sha256.of(backupDir().resolve("b-1.manifest.json")), BackupMethod.FULL));
        assertThat(progress).anyMatch(message -> message.startsWith("cmdb_ci: ") && message.endsWith(" rows read"))
                .contains("cmdb_rel_ci: 800 rows exported to cmdb_rel_ci.jsonl");
        assertThat(agent.verify(location(Map.of(), 100), snapshot).ok()).isTrue();
        assertThat(agent.recordedRowCounts(location(Map.of(), 100), snapshot))
                .contains(Map.of("incident", 750L, "cmdb_ci", 1200L, "cmdb_rel_ci", 800L));
        assertThat(agent.files(location(Map.of(), 100), snapshot)).extracting(path -> path.getFileName().toString())
                .containsExactly("incident.jsonl", "cmdb_ci.jsonl", "cmdb_rel_ci.jsonl", "b-1.manifest.json");
        serviceNow.wireMock().verify(getRequestedFor(urlPathMatching("/api/now/v2/table/.+"))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
                .withQueryParam("sysparm_display_value", equalTo("false")));
        assertThat(serviceNow.wireMock().getAllServeEvents()).as("keyset paging, never offsets")
                .noneMatch(event -> event.getRequest().getUrl().contains("sysparm_offset"));
    }

    @Test
    void theKeysetTermsReadAsUpdatedAfterTOrInTheSameSecondAfterTheSysId() {
        assertThat(ServiceNowTableExport.query("active=true", null, "2026-12-02 10:00:00", "b"))
                .isEqualTo("active=true^sys_updated_on>=2026-12-02 10:00:00^sys_updated_on>2026-12-02 10:00:00^ORsys_id>b"
                        + "^ORDERBYsys_updated_on^ORDERBYsys_id");
        assertThat(ServiceNowTableExport.query("", "2026-12-02 10:00:00", null, null))
                .isEqualTo("sys_updated_on>=2026-12-02 10:00:00^ORDERBYsys_updated_on^ORDERBYsys_id");
        Map<String, String> rows = Map.of("a-before", "2026-12-02 09:59:59", "a", "2026-12-02 10:00:00",
                "b", "2026-12-02 10:00:00", "c", "2026-12-02 10:00:00", "a-after", "2026-12-02 10:00:01");
        rows.forEach((sysId, updatedOn) -> serviceNow.insert("cmdb_ci", Map.of("sys_id", sysId, "sys_updated_on", updatedOn)));

        List<String> after = tableApi().list("cmdb_ci", TableQuery.raw()
                .where(ServiceNowTableExport.query("", null, "2026-12-02 10:00:00", "b")).parameters())
                .result().stream().map(row -> row.get("sys_id").asText()).toList();

        assertThat(after).as("(u >= T) AND (u > T OR id > ID), in key order: not a-before, nor a or b of second T")
                .containsExactly("c", "a-after");
    }

    /**
     * All rows carry one second (the stub's clock stands still), so the cursor stands in the second every change is
     * made in: a row changed after it was read keeps its key behind the cursor, and a row inserted with a smaller sys_id
     * lands behind it too. The first pass misses both; the catch-up pass from the high-water mark taken at the start
     * reads them. Changes stop after a few pages, so the export must equal the stub's final state but for the deleted
     * row, which may be there in the version read before it went.
     */
    @Test
    void rowsChangedInsertedOrDeletedBetweenPagesAreNeitherMissedNorDoubled() throws Exception {
        List<String> seeded = seed("cmdb_ci", 300, 1);
        String first = seeded.stream().sorted().findFirst().orElseThrow();
        String deleted = seeded.stream().sorted().skip(200).findFirst().orElseThrow();
        AtomicInteger lists = new AtomicInteger();
        serviceNow.onEachList(stub -> {
            int call = lists.incrementAndGet();
            if (call >= 4 && call <= 6) {
                stub.change("cmdb_ci", first, Map.of("name", "renamed on page " + call));
                stub.insert("cmdb_ci", Map.of("sys_id", "000000000000000000000000000000" + call, "name", "new " + call));
                stub.insert("cmdb_ci", Map.of("sys_id", "fffffffffffffffffffffffffffff" + call, "name", "late " + call));
            }
            if (call == 5) {
                stub.delete("cmdb_ci", deleted);
            }
        });

        Snapshot snapshot = agent.backup("b-2", location(Map.of("tables", List.of("cmdb_ci")), 20), (d, t, m) -> { });

        List<ObjectNode> exported = lines(exportDir("b-2").resolve("cmdb_ci.jsonl"));
        Map<String, ObjectNode> finalState = serviceNow.rows("cmdb_ci").stream()
                .collect(Collectors.toMap(row -> row.get("sys_id").asText(), row -> row));
        Map<String, ObjectNode> bySysId = new HashMap<>();
        exported.forEach(row -> assertThat(bySysId.put(row.get("sys_id").asText(), row)).as("doubled").isNull());
        assertThat(finalState).allSatisfy((sysId, row) -> assertThat(bySysId.get(sysId)).as(sysId).isEqualTo(row));
        assertThat(Set.copyOf(bySysId.keySet())).as("nothing but the deleted row beyond the final state")
                .isSubsetOf(union(finalState.keySet(), deleted));
        assertThat(bySysId.get(first).get("name").asText()).isEqualTo("renamed on page 6");
        assertThat(bySysId).containsKeys("0000000000000000000000000000004", "fffffffffffffffffffffffffffff6");
        assertThat(exported).extracting(row -> row.get("sys_id").asText()).isSorted();
        assertThat(agent.verify(location(Map.of("tables", List.of("cmdb_ci")), 20), snapshot).ok()).isTrue();
    }

    @Test
    void aRateLimitIsAnErrorTheWorkerRetriesAndTheRetryExportsEverything() throws Exception {
        seed("incident", 120, 3);
        serviceNow.failNext(StubServiceNow.Fault.rateLimited("GET", "cmdb_ci", 42));
        SourceLocation location = location(Map.of(), 50);

        assertThatThrownBy(() -> agent.backup("b-3", location, (d, t, m) -> { }))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("table cmdb_ci").hasMessageContaining("HTTP 429 Rate limit exceeded")
                            .hasMessageContaining("wait 42 s");
                });
        assertThat(backupDir().resolve("b-3.manifest.json")).as("no manifest: no backup yet").doesNotExist();

        Snapshot snapshot = agent.backup("b-3", location, (d, t, m) -> { });

        assertThat(lines(exportDir("b-3").resolve("incident.jsonl"))).hasSize(120);
        assertThat(agent.verify(location, snapshot).ok()).isTrue();
        assertThat(backupDir().resolve("b-3.partial")).doesNotExist();
    }

    @Test
    void aServerErrorMayPassButAWrongPasswordNever() throws Exception {
        serviceNow.failNext(StubServiceNow.Fault.status("GET", "incident", 503, "Service Unavailable", "node restarting"));
        assertThatThrownBy(() -> agent.backup("b-4", location(Map.of(), 50), (d, t, m) -> { }))
                .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.isRetryable()).isTrue());

        Files.writeString(dir.resolve("wrong.password"), "wrong");
        SourceLocation wrong = location(Map.of("password-ref", "${file:" + dir.resolve("wrong.password") + "}"), 50);
        assertThatThrownBy(() -> agent.backup("b-4", wrong, (d, t, m) -> { }))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageContaining("HTTP 401 User Not Authenticated").hasMessageNotContaining("wrong");
                });
    }

    @Test
    void verifyNamesTheTableOfAFlippedByteOrADoubledLine() throws Exception {
        seed("incident", 40, 2);
        seed("cmdb_ci", 40, 2);
        SourceLocation location = location(Map.of(), 50);
        Snapshot snapshot = agent.backup("b-5", location, (d, t, m) -> { });
        Path incidents = exportDir("b-5").resolve("incident.jsonl");
        byte[] bytes = Files.readAllBytes(incidents);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(incidents, bytes);
        Path cis = exportDir("b-5").resolve("cmdb_ci.jsonl");
        List<String> cisLines = Files.readAllLines(cis);
        Files.writeString(cis, cisLines.get(0) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Verification verification = agent.verify(location, snapshot);

        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("2 of 3 exported tables differ")
                .containsPattern("table incident \\(incident.jsonl\\): [^|]*SHA-256 [0-9a-f]{64} differs from the manifest's")
                .contains("table cmdb_ci (cmdb_ci.jsonl): 41 lines where the manifest counts 40 rows")
                .contains("line 41 repeats sys_id " + JSON.readTree(cisLines.get(0)).get("sys_id").asText())
                .doesNotContain("table cmdb_rel_ci");
    }

    @Test
    void restoresTheFilesIntoADirectoryAndNeverInPlace() throws Exception {
        seed("cmdb_ci", 30, 2);
        seed("cmdb_rel_ci", 10, 2);
        SourceLocation location = location(Map.of(), 50);
        Snapshot snapshot = agent.backup("b-6", location, (d, t, m) -> { });
        Path destination = dir.resolve("restored/cmdb");
        RestoreSpec spec = new RestoreSpec("r-1", RestoreMode.ALTERNATE, Map.of("path", destination.toString()), List.of(), null);

        RestoredData restored = agent.restore(location, snapshot, spec, (d, t, m) -> { });

        assertThat(restored.location()).isEqualTo(destination.toString());
        for (String file : List.of("incident.jsonl", "cmdb_ci.jsonl", "cmdb_rel_ci.jsonl")) {
            assertThat(destination.resolve(file)).hasSameBinaryContentAs(exportDir("b-6").resolve(file));
        }
        assertThat(agent.verifyRestored(location, snapshot, spec, restored).ok()).isTrue();
        assertThat(agent.list(location, snapshot, "cmdb", 10).entries()).extracting(e -> e.path())
                .containsExactly("cmdb_ci.jsonl", "cmdb_rel_ci.jsonl");
        RestoreSpec inPlace = new RestoreSpec("r-2", RestoreMode.IN_PLACE, Map.of(), List.of(), null);
        assertThatThrownBy(() -> agent.restore(location, snapshot, inPlace, (d, t, m) -> { }))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageContaining("writes nothing back into ServiceNow");
                });
    }

    @Test
    void badSettingsAreRefusedAtCatalogLoadEachNamed() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("instance", "ftp://example.service-now.com");
        settings.put("user", "lifeboat");
        settings.put("password-ref", "hunter2");
        settings.put("tables", List.of("incident", "Bad Table"));
        settings.put("pageSize", 20000);
        settings.put("query", Map.of("incident", "active=true^NQpriority=1", "change_request", "type=normal"));

        assertThat(agent.validate(settings)).containsExactlyInAnyOrder(
                "instance 'ftp://example.service-now.com' must be an https URL (http only on this host, for tests)",
                "password-ref is not a secret reference; use ${env:NAME} or ${file:/path/to/file}",
                "tables: 'Bad Table' is not a ServiceNow table name (lower-case letters, digits and _)",
                "pageSize must be a whole number from 1 to 10000",
                "query of incident may not hold ^NQ: the export adds its own order and keyset terms to the filter",
                "query names table 'change_request', which is not among tables [incident, Bad Table]");
        assertThat(agent.validate(Map.of("instance", "https://example.service-now.com", "tables", List.of("incident"))))
                .containsExactly("user and password-ref are required (or client-id-ref and client-secret-ref for OAuth)");
        assertThat(agent.validate(Map.of("instance", "https://example.service-now.com", "tables", List.of("incident"),
                "client-id-ref", "${env:SN_CLIENT_ID}", "client-secret-ref", "${env:SN_CLIENT_SECRET}"))).isEmpty();
        assertThat(agent.validate(Map.of("instance", "https://example.service-now.com", "user", "lifeboat",
                "password-ref", "${env:SN_PASSWORD}"))).containsExactly("tables is required");
    }

    /**
     * Rows with sys_updated_on spread over {@code seconds} seconds before the stub's clock, so that many share a
     * second and the keyset pages within one; every other incident is inactive.
     */
    private List<String> seed(String table, int rows, int seconds) {
        List<String> sysIds = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<String, String> fields = new HashMap<>();
            fields.put("name", table + " " + i);
            fields.put("sys_updated_on", GLIDE_TIME.format(NOW.minusSeconds(i % seconds)));
            if (table.equals("incident")) {
                fields.put("active", i % 2 == 0 ? "true" : "false");
            }
            if (table.equals("cmdb_rel_ci")) {
                fields.put("parent", "p" + i);
                fields.put("child", "c" + i);
            }
            sysIds.add(serviceNow.insert(table, fields).get("sys_id").asText());
        }
        return sysIds;
    }

    private SourceLocation location(Map<String, Object> overrides, int pageSize) throws IOException {
        Path password = dir.resolve("servicenow.password");
        if (!Files.exists(password)) {
            Files.writeString(password, StubServiceNow.PASSWORD);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("instance", serviceNow.url().toString());
        settings.put("user", StubServiceNow.USER);
        settings.put("password-ref", "${file:" + password + "}");
        settings.put("tables", List.of("incident", "cmdb_ci", "cmdb_rel_ci"));
        settings.put("pageSize", pageSize);
        settings.putAll(overrides);
        return new SourceLocation("cmdb", "instance", settings, dir, dir.resolve("storage/cmdb"), BackupMethod.FULL);
    }

    private ServiceNowTableApi tableApi() {
        return new ServiceNowInstance(serviceNow.url(), StubServiceNow.USER,
                SecretReference.parse("${env:SN_PASSWORD}", dir, name -> StubServiceNow.PASSWORD),
                null, null, Duration.ofSeconds(5), Duration.ofSeconds(5)).tableApi(JSON, Clock.systemUTC());
    }

    private Path backupDir() {
        return dir.resolve("storage/cmdb/servicenow/instance");
    }

    private Path exportDir(String backupId) {
        return backupDir().resolve(backupId);
    }

    private static List<ObjectNode> lines(Path file) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add((ObjectNode) JSON.readTree(line));
        }
        return rows;
    }

    private static Set<String> union(Set<String> keys, String extra) {
        Set<String> all = new HashSet<>(keys);
        all.add(extra);
        return all;
    }
}
