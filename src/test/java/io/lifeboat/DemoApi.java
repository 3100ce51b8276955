package io.lifeboat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lifeboat's API as the demo users call it, for full-stack tests on a copy of the demo catalog. */
public final class DemoApi {

    private static final Duration FINISH = Duration.ofSeconds(90);

    private final TestRestTemplate http;

    public DemoApi(TestRestTemplate http) {
        this.http = http;
    }

    /** For a test class's {@code @DynamicPropertySource}: its own data and its own copy of the demo catalog. */
    public static Path registerDemoCopy(DynamicPropertyRegistry registry, String name) {
        TestDataDirectory.register(registry, name);
        try {
            Path runbooks = TestRunbooks.demoCopy(name);
            registry.add("lifeboat.runbooks-dir", runbooks::toString);
            return runbooks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A backup of the service the operator asked for, once it has succeeded verified: its id. */
    public String backedUp(String service) {
        ResponseEntity<Map<String, Object>> started = post("operator", "/api/backups", Map.of("service", service, "reason",
                "before the test"));
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = (String) started.getBody().get("id");
        Map<String, Object> backup = await().atMost(FINISH).until(() -> get("operator", "/api/backups/" + id).getBody(),
                record -> !"RUNNING".equals(record.get("status")));
        assertThat(backup).containsEntry("status", "SUCCEEDED").containsEntry("verified", true);
        return id;
    }

    public List<Map<String, Object>> auditEvents(String subject) {
        return getList("auditor", "/api/audit/events?subject=" + subject).getBody();
    }

    public ResponseEntity<Map<String, Object>> post(String user, String path, Map<String, Object> body) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.POST, new HttpEntity<>(body),
                new ParameterizedTypeReference<>() { });
    }

    public ResponseEntity<Map<String, Object>> get(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }

    public ResponseEntity<List<Map<String, Object>>> getList(String user, String path) {
        return http.withBasicAuth(user, user).exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<>() { });
    }
}
