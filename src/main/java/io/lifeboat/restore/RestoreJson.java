package io.lifeboat.restore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.Snapshot;

/**
 * The restore's plan and its steps' results as small JSON process variables: a remote agent has no database, so
 * what it is asked travels with the task and what it did comes back with it. Snapshot ids and places only, never a
 * setting: the worker reads those, secrets as references, from its own catalog.
 */
final class RestoreJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One data source to restore: its snapshot in the restore point, and where an alternate restore puts it. */
    record Planned(String dataSource, Snapshot snapshot, Map<String, Object> destination) {
    }

    /**
     * What the agents are asked.
     *
     * @param dataCapturedAt when the restore point's agent read the data: what the restored data represents unless a
     *                       point-in-time recovery reaches a moment of its own
     * @param leftOut        the restore point's other data sources, which an alternate restore leaves out: the checks
     *                       that read them are skipped, not failed
     * @param runChecks      false when the restore runs none of the service's checks (a drill runs them itself); null,
     *                       in plans written before there was a choice, is true
     */
    record Plan(String restoreId, RestoreMode mode, List<String> paths, Instant pointInTime, Instant dataCapturedAt,
                List<Planned> sources, List<Planned> leftOut, Boolean runChecks) {

        RestoreSpec spec(Planned source) {
            return new RestoreSpec(restoreId, mode, source.destination(), paths, pointInTime);
        }

        boolean runsChecks() {
            return runChecks == null || runChecks;
        }
    }

    /** Where one data source's restored data is. */
    record Restored(String dataSource, RestoredData data) {
    }

    static String of(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write restore data as JSON", e);
        }
    }

    static Plan plan(String json) {
        return read(json, new TypeReference<>() { });
    }

    static List<Restored> restored(String json) {
        return read(json, new TypeReference<>() { });
    }

    static List<CheckOutcome> checks(String json) {
        return read(json, new TypeReference<>() { });
    }

    /** The safety backup's snapshot per data source. */
    static Map<String, Snapshot> snapshots(String json) {
        return read(json, new TypeReference<>() { });
    }

    /** Also for the columns of {@code restore_run} that keep the request's target and paths. */
    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable restore data: " + e.getOriginalMessage(), e);
        }
    }

    private RestoreJson() {
    }
}
