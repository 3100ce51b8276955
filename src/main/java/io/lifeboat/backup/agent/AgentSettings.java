package io.lifeboat.backup.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.RestoreSpec;

/**
 * Reads a data source's agent settings and collects every problem, each naming its setting, so {@code validate}
 * reports them all at once and {@code backup} refuses bad settings with the same words.
 */
final class AgentSettings {

    private final Map<String, Object> settings;
    private final List<String> problems = new ArrayList<>();

    AgentSettings(Map<String, Object> settings) {
        this.settings = settings == null ? Map.of() : settings;
    }

    /** The text value, or null (with a problem noted) when it is missing, blank or not text. */
    String requiredText(String key) {
        Object value = settings.get(key);
        if (value == null || value instanceof String text && text.isBlank()) {
            problems.add(key + " is required");
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(key + " must be text");
            return null;
        }
        return text.strip();
    }

    /** The text value, {@code fallback} when it is missing, or null (with a problem noted) when it is not text. */
    String optionalText(String key, String fallback) {
        Object value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(key + " must be non-blank text");
            return null;
        }
        return text.strip();
    }

    /** A whole number within {@code min..max}, {@code fallback} when missing; YAML may give it as a number or text. */
    int optionalInt(String key, int fallback, int min, int max) {
        Object value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().strip();
        if (!(value instanceof Integer || value instanceof String) || !text.matches("\\d{1,10}")
                || Long.parseLong(text) < min || Long.parseLong(text) > max) {
            problems.add(key + " must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return Integer.parseInt(text);
    }

    /** true or false, {@code fallback} when missing. */
    boolean optionalBoolean(String key, boolean fallback) {
        Object value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            problems.add(key + " must be true or false");
            return fallback;
        }
        return flag;
    }

    /** A non-empty list of non-blank texts, or an empty list (with a problem noted). */
    List<String> requiredTextList(String key) {
        Object value = settings.get(key);
        if (value == null || value instanceof List<?> list && list.isEmpty()) {
            problems.add(key + " is required");
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String s) || s.isBlank())) {
            problems.add(key + " must be a list of non-blank texts");
            return List.of();
        }
        return list.stream().map(e -> ((String) e).strip()).toList();
    }

    /**
     * A mapping of names to non-blank texts ({@code {incident: "active=true"}}), empty when missing; a problem is noted
     * when it is no mapping or a value is no text.
     */
    Map<String, String> optionalTextMap(String key) {
        Object value = settings.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map) || map.entrySet().stream()
                .anyMatch(e -> !(e.getKey() instanceof String) || !(e.getValue() instanceof String s) || s.isBlank())) {
            problems.add(key + " must map names to non-blank texts");
            return Map.of();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach((name, text) -> texts.put((String) name, ((String) text).strip()));
        return texts;
    }

    /** Whether the setting is given at all, whatever its value. */
    boolean isPresent(String key) {
        return settings.get(key) != null;
    }

    void problem(String message) {
        problems.add(message);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Bad settings cannot get better by retrying. */
    void requireValid(String agent) throws AgentException {
        if (!problems.isEmpty()) {
            throw new AgentException("invalid " + agent + " settings: " + String.join("; ", problems), false);
        }
    }

    /**
     * Backup ids and data source names become file names and restic tags; refusing separators, leading dots and
     * commas keeps them from escaping their directory or splitting a tag.
     */
    static void requireSafeName(String value, String what) throws AgentException {
        if (value == null || !value.matches("[A-Za-z0-9_][A-Za-z0-9._:@+-]{0,199}")) {
            throw new AgentException(what + " '" + value + "' may hold only letters, digits and . _ : @ + -"
                    + " (not first) and at most 200 characters", false);
        }
    }

    /** A database agent restores all a snapshot holds, named after a restore id that is safe in names. */
    static void requireWholeRestore(RestoreSpec spec, String whole) throws AgentException {
        if (!spec.paths().isEmpty()) {
            throw new AgentException(whole + ", not paths " + spec.paths(), false);
        }
        requireSafeName(spec.restoreId(), "restore id");
    }
}
