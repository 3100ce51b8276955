package io.lifeboat.backup.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.agent.spi.AgentException;

/**
 * One stanza of {@code pgbackrest info --output=json} (integrations.md §5.2, pgBackRest 2.45). {@code info} exits 0
 * even for a stanza that does not exist, so {@link #statusCode()} is what says whether the stanza is usable. Unknown
 * fields are ignored; they grow between versions.
 *
 * @param pgVersion  the PostgreSQL major version of the stanza's current cluster ("15"), empty when info does not say
 * @param statusCode 0 ok, 1 missing stanza path, 2 no valid backups, 3 missing stanza data, 4 mixed across repos,
 *                   5 database mismatch across repos, 6 requested backup not found, 99 other
 */
record PgBackRestInfo(String stanza, int statusCode, String statusMessage, boolean backupRunning, List<BackupSet> backups,
                      String pgVersion) {

    static final int OK = 0;
    static final int NO_VALID_BACKUPS = 2;

    /**
     * One backup set. {@code repositoryBytes} is what the repository stores for it; {@code databaseCount} is -1 unless
     * the info was asked with {@code --set}, which adds the {@code database-ref} list. {@code pgVersion} is the
     * PostgreSQL major version of the cluster backed up ("15"), empty when info does not say.
     */
    record BackupSet(String label, String type, boolean error, Map<String, String> annotations, Instant start,
                     Instant stop, long databaseBytes, long repositoryBytes, int databaseCount, String pgVersion) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static PgBackRestInfo parse(String json, String stanza) throws AgentException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AgentException("pgbackrest info printed no JSON for stanza " + stanza + ": " + e.getOriginalMessage(), true, e);
        }
        for (JsonNode entry : root) {
            if (stanza.equals(entry.path("name").asText())) {
                return read(entry);
            }
        }
        throw new AgentException("pgbackrest info does not list stanza " + stanza, false);
    }

    private static PgBackRestInfo read(JsonNode entry) {
        JsonNode status = entry.path("status");
        Map<Integer, String> versions = new LinkedHashMap<>();
        entry.path("db").forEach(db -> versions.put(db.path("id").asInt(), db.path("version").asText("")));
        String current = "";
        for (JsonNode db : entry.path("db")) {
            current = db.path("version").asText("");
        }
        List<BackupSet> backups = new ArrayList<>();
        for (JsonNode backup : entry.path("backup")) {
            Map<String, String> annotations = new LinkedHashMap<>();
            backup.path("annotation").fields().forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
            JsonNode databases = backup.path("database-ref");
            backups.add(new BackupSet(backup.path("label").asText(), backup.path("type").asText(),
                    backup.path("error").asBoolean(true), Map.copyOf(annotations),
                    Instant.ofEpochSecond(backup.path("timestamp").path("start").asLong()),
                    Instant.ofEpochSecond(backup.path("timestamp").path("stop").asLong()),
                    backup.path("info").path("size").asLong(), backup.path("info").path("repository").path("size").asLong(),
                    databases.isArray() ? databases.size() : -1,
                    versions.getOrDefault(backup.path("database").path("id").asInt(), "")));
        }
        return new PgBackRestInfo(entry.path("name").asText(), status.path("code").asInt(99),
                status.path("message").asText(""), status.path("lock").path("backup").path("held").asBoolean(false),
                List.copyOf(backups), current);
    }

    Optional<BackupSet> backup(String label) {
        return backups.stream().filter(b -> b.label().equals(label)).findFirst();
    }

    /** The newest good backup carrying annotation {@code key=value}; a failed one does not count. */
    Optional<BackupSet> annotated(String key, String value) {
        return backups.stream().filter(b -> !b.error() && value.equals(b.annotations().get(key))).reduce((a, b) -> b);
    }

    /** The newest good backup that had finished by {@code time}, which a point-in-time restore would start from. */
    Optional<BackupSet> finishedBy(Instant time) {
        return backups.stream().filter(b -> !b.error() && !b.stop().isAfter(time)).reduce((a, b) -> b);
    }

    String status() {
        return "status code " + statusCode + " (" + statusMessage + ")";
    }
}
