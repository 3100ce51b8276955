package io.lifeboat.drill;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.lifeboat.check.CheckResult;

/**
 * The drill's steps' results as small JSON process variables and columns: an agent on a data host has no database,
 * so what it did comes back with the task. Places and findings only, never a secret.
 */
final class DrillJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static String of(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write drill data as JSON", e);
        }
    }

    static Map<String, Map<String, Object>> sandbox(String json) {
        return json == null ? Map.of() : read(json, new TypeReference<>() { });
    }

    static List<SandboxDamage> damage(String json) {
        return json == null ? List.of() : read(json, new TypeReference<>() { });
    }

    static List<CheckResult> checks(String json) {
        return json == null ? List.of() : read(json, new TypeReference<>() { });
    }

    static DrillRecord.Teardown teardown(String json) {
        return json == null ? new DrillRecord.Teardown(null, null) : read(json, new TypeReference<>() { });
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable drill data: " + e.getOriginalMessage(), e);
        }
    }

    private DrillJson() {
    }
}
