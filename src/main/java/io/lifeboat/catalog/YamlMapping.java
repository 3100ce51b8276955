package io.lifeboat.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One YAML mapping of a catalog file, read field by field. A bad field is reported with its full path and then reads
 * as null (or empty), so one pass finds every problem of a file instead of stopping at the first, which is why the
 * catalog is read from a tree rather than bound to classes.
 */
final class YamlMapping {

    private static final ObjectMapper CONVERTER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonNode node;
    private final String path;
    private final FileProblems problems;

    private YamlMapping(JsonNode node, String path, FileProblems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * @param path        the mapping's own path, empty for the top level of a file
     * @param knownFields every other key is reported as unknown; null accepts any key
     * @return empty (after reporting) when {@code node} is not a mapping
     */
    static Optional<YamlMapping> of(JsonNode node, String path, FileProblems problems, List<String> knownFields) {
        if (!node.isObject()) {
            problems.add(path.isEmpty() ? null : path, "must be a mapping of 'key: value' lines, not " + describe(node));
            return Optional.empty();
        }
        YamlMapping mapping = new YamlMapping(node, path, problems);
        if (knownFields != null) {
            mapping.reportUnknownFields(knownFields);
        }
        return Optional.of(mapping);
    }

    /** Reports every key not among {@code knownFields}, for a mapping whose fields depend on one of its values. */
    void reportUnknownFields(List<String> knownFields) {
        node.fieldNames().forEachRemaining(field -> {
            if (!knownFields.contains(field)) {
                problem(field, "unknown field; expected one of " + String.join(", ", knownFields));
            }
        });
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void problem(String field, String reason) {
        problems.add(path(field), reason);
    }

    /** The raw value, or null when absent or YAML null; a missing required field is reported. */
    JsonNode value(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(field, "required field is missing");
            }
            return null;
        }
        return value;
    }

    String text(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            problem(field, "must be a single value, not " + describe(value));
            return null;
        }
        return value.asText();
    }

    Integer integer(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problem(field, "'" + value.asText() + "' is not a whole number");
            return null;
        }
        return value.intValue();
    }

    /** An optional {@code true} or {@code false}; anything else is reported and reads as null. */
    Boolean bool(String field) {
        JsonNode value = value(field, false);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(field, "'" + value.asText() + "' is not true or false");
            return null;
        }
        return value.booleanValue();
    }

    /** A positive ISO-8601 duration such as {@code PT4H} or {@code P1D}; null when absent or bad (reported). */
    Duration duration(String field, boolean required) {
        String text = text(field, required);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                problem(field, "'" + text + "' must be longer than zero");
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            problem(field, "'" + text + "' is not an ISO-8601 duration (e.g. PT30M, PT4H, P1D)");
            return null;
        }
    }

    /** The list's elements; empty when absent or not a list (reported); a required list must not be empty. */
    List<JsonNode> list(String field, boolean required) {
        JsonNode value = value(field, required);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(field, "must be a list, not " + describe(value));
            return List.of();
        }
        if (required && value.isEmpty()) {
            problem(field, "must not be empty");
        }
        List<JsonNode> elements = new ArrayList<>();
        value.elements().forEachRemaining(elements::add);
        return elements;
    }

    /** A list of single values; an element that is not one is reported and comes back as null, keeping indexes. */
    List<String> texts(String field, boolean required) {
        List<JsonNode> elements = list(field, required);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (element.isValueNode() && !element.isNull()) {
                texts.add(element.asText());
            } else {
                problems.add(elementPath(field, i), "must be a single value, not " + describe(element));
                texts.add(null);
            }
        }
        return texts;
    }

    String elementPath(String field, int index) {
        return path(field) + "[" + index + "]";
    }

    /** The list's elements that are mappings; any other element is reported. */
    List<YamlMapping> mappings(String field, boolean required, List<String> knownFields) {
        List<JsonNode> elements = list(field, required);
        List<YamlMapping> mappings = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            of(elements.get(i), elementPath(field, i), problems, knownFields).ifPresent(mappings::add);
        }
        return mappings;
    }

    Optional<YamlMapping> mapping(String field, boolean required, List<String> knownFields) {
        JsonNode value = value(field, required);
        return value == null ? Optional.empty() : of(value, path(field), problems, knownFields);
    }

    /** The mapping's entries as plain Java values (String, Integer, Boolean, List, Map), in file order. */
    Map<String, Object> entries() {
        return Collections.unmodifiableMap(CONVERTER.convertValue(node, MAP));
    }

    /**
     * The entries as text, for label sets; a value that is not a single value is reported and left out.
     * Numbers and booleans are taken as written ({@code port: 9187} is the label value "9187").
     */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isValueNode() && !value.isNull()) {
                values.put(entry.getKey(), value.asText());
            } else {
                problem(entry.getKey(), "must be a single value, not " + describe(value));
            }
        });
        return Collections.unmodifiableMap(values);
    }

    /** The entries except one key, e.g. a drill check's settings without its {@code type}. */
    Map<String, Object> entriesExcept(String key) {
        Map<String, Object> entries = new LinkedHashMap<>(entries());
        entries.remove(key);
        return Collections.unmodifiableMap(entries);
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }
}
