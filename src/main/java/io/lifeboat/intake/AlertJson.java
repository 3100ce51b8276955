package io.lifeboat.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The stored form of an {@link Alert}: compact JSON with ISO-8601 times. Its own mapper, so a change to the web
 * API's JSON settings cannot change rows already in the inbox.
 */
final class AlertJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private AlertJson() {
    }

    static String write(Alert alert) {
        try {
            return JSON.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an Alert is always serializable", e);
        }
    }

    static Alert read(String json) {
        try {
            return JSON.readValue(json, Alert.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored alert is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
