package io.lifeboat.agent;

import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup API as an operator uses it, for the tests that watch backups the agents make. */
public record BackupApi(TestRestTemplate http) {

    /** {@code POST /api/backups}; the new backup's id. */
    public String request(String service, String reason) {
        ResponseEntity<Map<String, Object>> response = operator().exchange("/api/backups", HttpMethod.POST,
                new HttpEntity<>(Map.of("service", service, "reason", reason)), new ParameterizedTypeReference<>() { });
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) response.getBody().get("id");
    }

    /** {@code GET /api/backups/{id}}. */
    public Map<String, Object> backup(String id) {
        ResponseEntity<Map<String, Object>> response = operator().exchange("/api/backups/" + id, HttpMethod.GET, null,
                new ParameterizedTypeReference<>() { });
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private TestRestTemplate operator() {
        return http.withBasicAuth("operator", "operator");
    }
}
