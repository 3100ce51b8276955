package io.lifeboat.backup;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.backup.BackupExecution.DataSourceSnapshot;
import io.lifeboat.backup.BackupExecution.DataSourceVerification;

/**
 * The agent and verify steps' results as small JSON process variables: a remote agent has no database, so what it
 * made travels back with the external task and the engine records it. Plain strings, so the REST client and the
 * engine agree without a shared serialization format.
 */
public final class AgentResultsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentResultsJson() {
    }

    public static String ofSnapshots(List<DataSourceSnapshot> snapshots) {
        return write(snapshots);
    }

    public static List<DataSourceSnapshot> snapshots(String json) {
        return read(json, new TypeReference<>() {
        });
    }

    public static String ofVerifications(List<DataSourceVerification> verifications) {
        return write(verifications);
    }

    public static List<DataSourceVerification> verifications(String json) {
        return read(json, new TypeReference<>() {
        });
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write agent results as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("agent results are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
