package io.lifeboat.connector.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an {@link HttpCall} sends, as its outbox payload holds it: nothing in it is a secret, a header that needs one
 * holds its reference ({@code ${env:NAME}}, {@code ${file:/path}}), read when the request is sent.
 *
 * @param url            absolute http or https URL, query included
 * @param method         GET, POST, PUT, PATCH or DELETE
 * @param headers        by name: a plain value or a secret reference
 * @param bodyTemplate   a JMustache template rendered with {@code variables} at send time; null: no body
 * @param variables      what the template may use
 * @param expectedStatus the status that means success; null: any 2xx
 * @param timeout        how long the peer may take to answer; null: {@code lifeboat.connectors.http.read-timeout}
 */
public record HttpCallRequest(URI url, String method, Map<String, String> headers, String bodyTemplate,
                              ObjectNode variables, Integer expectedStatus, Duration timeout) {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "DELETE");

    /** @throws IllegalArgumentException naming the field that is wrong */
    public HttpCallRequest {
        if (url != null && url.getUserInfo() != null) {
            // checked first, so no message repeats a URL with a password in it
            throw new IllegalArgumentException("url must not hold credentials; send them in a header by reference");
        }
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("url must be an absolute http or https URL, not " + url);
        }
        method = method == null ? "POST" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", not " + method);
        }
        if (bodyTemplate != null && WITHOUT_BODY.contains(method)) {
            throw new IllegalArgumentException(method + " sends no body; remove the body template or use POST, PUT or PATCH");
        }
        if (expectedStatus != null && (expectedStatus < 100 || expectedStatus > 599)) {
            throw new IllegalArgumentException("expectedStatus must be an HTTP status (100..599), not " + expectedStatus);
        }
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name == null || name.isBlank() || value == null) {
                    throw new IllegalArgumentException("header " + name + " needs a name and a value");
                }
            });
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be a positive duration, not " + timeout);
        }
        variables = variables == null ? new ObjectMapper().createObjectNode() : variables;
    }

    /** Whether the peer's answer is the success asked for. */
    boolean expected(int status) {
        return expectedStatus == null ? status >= 200 && status < 300 : status == expectedStatus;
    }

    ObjectNode toPayload(ObjectMapper json) {
        ObjectNode payload = json.createObjectNode();
        payload.put("url", url.toString());
        payload.put("method", method);
        ObjectNode headerValues = payload.putObject("headers");
        headers.forEach(headerValues::put);
        payload.put("bodyTemplate", bodyTemplate);
        payload.set("variables", variables);
        if (expectedStatus != null) {
            payload.put("expectedStatus", expectedStatus);
        }
        if (timeout != null) {
            payload.put("timeout", timeout.toString());
        }
        return payload;
    }

    static HttpCallRequest fromPayload(ObjectNode payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        payload.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        JsonNode variables = payload.get("variables");
        JsonNode expected = payload.get("expectedStatus");
        JsonNode timeout = payload.get("timeout");
        return new HttpCallRequest(uri(payload.path("url").asText(null)), payload.path("method").asText(null), headers,
                payload.path("bodyTemplate").isTextual() ? payload.get("bodyTemplate").asText() : null,
                variables instanceof ObjectNode object ? object : null,
                expected == null || expected.isNull() ? null : expected.asInt(),
                timeout == null || timeout.isNull() ? null : duration(timeout.asText()));
    }

    static Duration duration(String timeout) {
        try {
            return Duration.parse(timeout.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timeout must be an ISO-8601 duration such as PT10S, not '" + timeout + "'");
        }
    }

    static URI uri(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL: " + e.getMessage());
        }
    }
}
