package io.lifeboat.drill;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.DemoApi;
import io.lifeboat.FullStackTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox directory set inside a production path (the demo ticket-db's) by mistake: every drill would restore into
 * production, so the API refuses it before the drill is on record, naming the clash, and writes nothing.
 */
@FullStackTest
class SandboxClashTest {

    private static Path production;

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path runbooks = DemoApi.registerDemoCopy(registry, "sandbox-clash");
        production = runbooks.resolve("demo-data/ticket-db").toAbsolutePath().normalize();
        registry.add("lifeboat.drill.sandbox-dir", () -> production.resolve("drills").toString());
    }

    @Test
    void aSandboxInsideAProductionPathIsRefusedNamingTheClashAndNothingIsWritten() {
        DemoApi api = new DemoApi(http);
        api.backedUp("ticket-db");

        ResponseEntity<Map<String, Object>> refused = api.post("operator", "/api/drills", Map.of("service", "ticket-db"));

        assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat((String) refused.getBody().get("detail")).startsWith("refused the sandbox of ticket-db: sandbox ")
                .contains("is inside production path " + production + " of ticket-db (data source tickets)");
        assertThat(jdbc.queryForObject("select count(*) from drill_run", Long.class)).isZero();
        assertThat(production.resolve("drills")).doesNotExist();
    }
}
