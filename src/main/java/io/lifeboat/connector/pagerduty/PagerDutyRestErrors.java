package io.lifeboat.connector.pagerduty;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import feign.Response;
import feign.codec.ErrorDecoder;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.http.RetryAfter;

/**
 * The REST API's error answers ({@code {"error":{"message","code","errors"}}}) as {@link RemoteFailure}s carrying
 * PagerDuty's code and words: 400 (2001 invalid input), 401 (2006), 402, 403 and 404 never pass as they are; 408, 429
 * (2020, waiting for {@code Retry-After} or {@code ratelimit-reset}) and 5xx may.
 */
final class PagerDutyRestErrors implements ErrorDecoder {

    static final String PEER = "PagerDuty REST API";

    private final ObjectMapper json;
    private final Clock clock;

    PagerDutyRestErrors(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        return RemoteFailure.answered(PEER, status, RemoteFailure.retryableStatus(status),
                RetryAfter.from(response.headers(), clock).orElse(null), message(ErrorBodies.read(json, response), response));
    }

    private static String message(JsonNode body, Response response) {
        JsonNode error = body.path("error");
        if (!error.isObject()) {
            return ErrorBodies.reason(response);
        }
        String text = error.path("code").isMissingNode() ? error.path("message").asText("")
                : "code " + error.path("code").asText() + " " + error.path("message").asText("");
        List<String> errors = ErrorBodies.errors(error.path("errors"));
        return errors.isEmpty() ? text : text + ": " + String.join("; ", errors);
    }
}
