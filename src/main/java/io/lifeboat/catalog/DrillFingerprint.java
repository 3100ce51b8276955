package io.lifeboat.catalog;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The SHA-256 of a catalog entry in a canonical form, so that "the entry changed since the last passed drill" can be
 * told, also by another Lifeboat process or after a restart.
 *
 * <p>It covers the whole entry but the {@code file} it was read from and its {@code serviceNow} link: id, objectives,
 * data sources with their settings, the backup policy, hooks, drill checks, the drill policy, and also the name, owner
 * and alert matchers. Which of those a drill proves cannot be drawn sharply (a hook runs in a restore, the backup
 * policy makes the backups a drill restores), so any change asks for a new drill rather than some changes slipping
 * through. The ServiceNow link says only where tickets about the service go, nothing a drill restores or checks.
 *
 * <p>Canonical: JSON with the keys of every object sorted, durations and times as ISO-8601 text, sets sorted. A new
 * field of {@link ServiceDefinition} changes every service's fingerprint, and so asks for a drill of each.
 */
final class DrillFingerprint {

    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addSerializer(new SortedSetSerializer()))
            .addMixIn(ServiceDefinition.class, WithoutFile.class)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private DrillFingerprint() {
    }

    static String of(ServiceDefinition service) {
        try {
            byte[] canonical = CANONICAL_JSON.writeValueAsBytes(service);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog entry " + service.id() + " cannot be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Where the entry was read from is not part of what it says, nor where its tickets go. */
    @JsonIgnoreProperties({"file", "serviceNow"})
    private interface WithoutFile {
    }

    /**
     * A set as a list in the order of its elements' text: {@code Set.of} and {@code Set.copyOf} iterate in an order
     * that changes from one JVM to the next.
     */
    @SuppressWarnings("rawtypes")
    private static final class SortedSetSerializer extends StdSerializer<Set> {

        SortedSetSerializer() {
            super(Set.class);
        }

        @Override
        public void serialize(Set set, JsonGenerator generator, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(((Set<?>) set).stream().sorted(Comparator.comparing(Object::toString)).toList(),
                    generator);
        }
    }
}
