package io.lifeboat.connector.pagerduty;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import feign.Response;

/** Reading PagerDuty's error bodies, which both APIs shape differently but read the same way. */
final class ErrorBodies {

    private static final int MAX_BODY = 16 * 1024;

    private ErrorBodies() {
    }

    /** The body as JSON; missing when there is none or it is not JSON (a 429 of the Events API has none). */
    static JsonNode read(ObjectMapper json, Response response) {
        if (response.body() == null) {
            return MissingNode.getInstance();
        }
        try (InputStream body = response.body().asInputStream()) {
            byte[] bytes = body.readNBytes(MAX_BODY);
            return bytes.length == 0 ? MissingNode.getInstance() : json.readTree(bytes);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The texts of an {@code errors} array. */
    static List<String> errors(JsonNode errors) {
        List<String> texts = new ArrayList<>();
        errors.forEach(error -> texts.add(error.asText()));
        return texts;
    }

    /** What to say when the body says nothing. */
    static String reason(Response response) {
        return response.reason() == null ? "" : response.reason();
    }
}
