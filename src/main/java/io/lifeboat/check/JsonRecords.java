package io.lifeboat.check;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The records of a JSON export file, read one at a time so an export of millions never sits in memory whole: JSON lines
 * ({@code .jsonl}, {@code .ndjson}: one value after the other) or one JSON array of them, told apart by the first token.
 */
final class JsonRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sees each record with its number, from 1. */
    interface Visitor {
        void record(long number, JsonNode record);
    }

    private JsonRecords() {
    }

    static void read(Path file, Visitor visitor) throws IOException, CheckNotRun {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            JsonToken token = parser.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            if (array) {
                token = parser.nextToken();
            }
            long number = 0;
            while (token != null && token != JsonToken.END_ARRAY) {
                visitor.record(++number, parser.readValueAsTree());
                token = parser.nextToken();
            }
            if (array && token == null) {
                throw CheckNotRun.failed(file.getFileName() + " ends inside its JSON array, after " + number + " records");
            }
        } catch (JsonProcessingException e) {
            throw CheckNotRun.failed(file.getFileName() + " is neither JSON lines nor a JSON array: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    /**
     * The record's {@code field} as text ({@code a.b}: field {@code b} of the object in {@code a}); null when it is
     * absent, null or empty, which for a reference means there is none. An object or list comes back as its JSON.
     */
    static String value(JsonNode record, String field) {
        JsonNode node = record;
        for (String part : field.split("\\.")) {
            node = node.isObject() ? node.get(part) : null;
            if (node == null || node.isNull()) {
                return null;
            }
        }
        String value = node.isValueNode() ? node.asText() : node.toString();
        return value.isEmpty() ? null : value;
    }
}
