package io.lifeboat.connector.servicenow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code correlation_id} ServiceNow records carry for a Lifeboat key (the Alertmanager fingerprint, the Lifeboat
 * incident id): at most 100 characters, so one key has one id. A key of up to {@value #KEPT} characters is kept as it is;
 * a longer one is cut and ends in {@code ~} and 16 hex digits of its SHA-256. A {@code ^} (which an encoded query
 * would read as "and") becomes {@code _}.
 *
 * <p>The first ticket of a key carries the id itself; when a key needs a new ticket because its last one is closed
 * ({@link ServiceNowIncidents}), the next carries {@code <id>:2}, then {@code <id>:3}. So every ticket of one key is
 * found with {@code correlation_id=<id>^ORcorrelation_idSTARTSWITH<id>:}.
 */
public final class CorrelationId {

    /** Up to 100 with room for {@code :<generation>}. */
    static final int KEPT = 90;
    private static final Pattern GENERATION = Pattern.compile(":([1-9][0-9]{0,8})");

    private CorrelationId() {
    }

    /** The id of a key's first ticket. */
    public static String of(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a correlation id needs a key");
        }
        String plain = key.strip().replace('^', '_');
        return plain.length() <= KEPT ? plain : plain.substring(0, KEPT - 17) + "~" + sha256(plain).substring(0, 16);
    }

    /** The id of a key's {@code generation}-th ticket (1 is the first). */
    static String of(String key, int generation) {
        return generation == 1 ? of(key) : of(key) + ":" + generation;
    }

    /** The encoded query finding every ticket of a key. */
    static String everyTicketOf(String key) {
        String id = of(key);
        return "correlation_id=" + id + "^ORcorrelation_idSTARTSWITH" + id + ":";
    }

    /** Which ticket of the key this id is: 1 for the id itself, n for {@code <id>:n}; empty for another key's. */
    static OptionalInt generation(String key, String correlationId) {
        String id = of(key);
        if (id.equals(correlationId)) {
            return OptionalInt.of(1);
        }
        if (correlationId != null && correlationId.startsWith(id)) {
            Matcher suffix = GENERATION.matcher(correlationId.substring(id.length()));
            if (suffix.matches()) {
                return OptionalInt.of(Integer.parseInt(suffix.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
