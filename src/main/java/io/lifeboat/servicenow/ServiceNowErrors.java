package io.lifeboat.servicenow;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import feign.Response;
import feign.codec.ErrorDecoder;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.http.RetryAfter;

/**
 * ServiceNow's error answers as {@link RemoteFailure}s carrying the instance's own words
 * ({@code {"error":{"message","detail"},"status":"failure"}}): 429 with its {@code Retry-After}, 408 and 5xx may pass
 * later; 400, 401, 403 (ACL, business rule, data policy) and 404 (missing or hidden by an ACL) never will as they are.
 */
public final class ServiceNowErrors implements ErrorDecoder {

    public static final String PEER = "ServiceNow";
    private static final int MAX_BODY = 16 * 1024;

    private final ObjectMapper json;
    private final Clock clock;

    public ServiceNowErrors(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        return RemoteFailure.answered(PEER, status, RemoteFailure.retryableStatus(status),
                RetryAfter.from(response.headers(), clock).orElse(null), message(response));
    }

    private String message(Response response) {
        if (response.body() == null) {
            return response.reason() == null ? "" : response.reason();
        }
        try (InputStream body = response.body().asInputStream()) {
            JsonNode error = json.readTree(body.readNBytes(MAX_BODY)).path("error");
            String message = error.path("message").asText("");
            String detail = error.path("detail").asText("");
            return detail.isEmpty() ? message : message + ": " + detail;
        } catch (IOException e) {
            return response.reason() == null ? "unreadable error body" : response.reason();
        }
    }
}
