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
 * The Events API's error answers as {@link RemoteFailure}s: 400 ({@code {"status":"invalid event","message":...,
 * "errors":[...]}}) is an event PagerDuty will never take, so it is not retried and says PagerDuty's reasons; 429 and
 * 5xx may pass later, after the {@code Retry-After} if PagerDuty gave one.
 */
final class PagerDutyEventsErrors implements ErrorDecoder {

    static final String PEER = "PagerDuty Events API";

    private final ObjectMapper json;
    private final Clock clock;

    PagerDutyEventsErrors(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        boolean retryable = status == 429 || status >= 500;
        return RemoteFailure.answered(PEER, status, retryable, RetryAfter.from(response.headers(), clock).orElse(null),
                message(ErrorBodies.read(json, response), response));
    }

    private static String message(JsonNode body, Response response) {
        String status = body.path("status").asText("");
        String message = body.path("message").asText("");
        List<String> errors = ErrorBodies.errors(body.path("errors"));
        if (status.isEmpty() && message.isEmpty()) {
            return ErrorBodies.reason(response);
        }
        String text = status.isEmpty() ? message : status + ": " + message;
        return errors.isEmpty() ? text : text + ": " + String.join("; ", errors);
    }
}
