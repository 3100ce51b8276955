package io.lifeboat.connector.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a runbook may ask of the HTTP connector, and what it keeps in the outbox. */
class HttpCallRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void thePayloadKeepsTheSecretsReferenceAndReadsBackTheSameRequest() {
        ObjectNode variables = json.createObjectNode().put("service", "ticket-db");
        HttpCallRequest request = new HttpCallRequest(URI.create("https://lb.example.org/pools/a?drain=1"), "patch",
                Map.of("Authorization", "${env:LB_TOKEN}"), "{\"pool\": \"{{service}}\"}", variables, 202,
                Duration.ofSeconds(10));

        ObjectNode payload = request.toPayload(json);

        assertThat(payload.toString()).contains("\"Authorization\":\"${env:LB_TOKEN}\"", "\"method\":\"PATCH\"",
                "\"timeout\":\"PT10S\"");
        assertThat(HttpCallRequest.fromPayload(payload)).isEqualTo(request);
        assertThat(request.expected(202)).isTrue();
        assertThat(request.expected(200)).isFalse();
    }

    @Test
    void withoutAnExpectedStatusAny2xxSucceedsAndMethodDefaultsToPost() {
        HttpCallRequest request = new HttpCallRequest(URI.create("http://127.0.0.1/hook"), null, null, null, null, null, null);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.expected(204)).isTrue();
        assertThat(request.expected(302)).isFalse();
    }

    @Test
    void aRequestThatCannotBeSentIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> request("ftp://files.example.org/x", "POST", null, null))
                .hasMessageContaining("absolute http or https URL");
        assertThatThrownBy(() -> request("https://user:secret@example.org/x", "POST", null, null))
                .hasMessageContaining("must not hold credentials").hasMessageNotContaining("secret@");
        assertThatThrownBy(() -> request("https://example.org/x", "TRACE", null, null))
                .hasMessageContaining("method must be one of");
        assertThatThrownBy(() -> request("https://example.org/x", "GET", "{}", null))
                .hasMessageContaining("GET sends no body");
        assertThatThrownBy(() -> request("https://example.org/x", "POST", null, 99))
                .hasMessageContaining("expectedStatus must be an HTTP status");
        assertThatThrownBy(() -> HttpCallRequest.duration("10s")).hasMessageContaining("ISO-8601 duration");
    }

    private static HttpCallRequest request(String url, String method, String body, Integer expected) {
        return new HttpCallRequest(HttpCallRequest.uri(url), method, Map.of(), body, null, expected, null);
    }
}
