package io.lifeboat.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of one audit event: SHA-256 (lower-case hex) over a canonical form of the previous event's hash and every
 * field of this one.
 *
 * <p>The canonical form starts with {@value #VERSION} and then writes each field in a fixed order (previous hash, id,
 * occurred-at as microseconds since the epoch, actor, action, subject, service, trigger, reason, detail) as
 * {@code <UTF-8 byte length>:<bytes>;}, or {@code ~;} for null. The length prefix makes it unambiguous: no choice of
 * field values (separators, empty strings, null) can make two different events produce the same bytes.
 */
final class AuditHash {

    /** What the first event chains to. */
    static final String GENESIS = "0".repeat(64);

    private static final String VERSION = "lifeboat-audit-v1;";

    private AuditHash() {
    }

    static String of(AuditEvent event) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        write(canonical, VERSION.getBytes(StandardCharsets.UTF_8));
        field(canonical, event.previousHash());
        field(canonical, Long.toString(event.id()));
        field(canonical, Long.toString(epochMicros(event.occurredAt())));
        field(canonical, event.actor());
        field(canonical, event.action());
        field(canonical, event.subject());
        field(canonical, event.service());
        field(canonical, event.trigger());
        field(canonical, event.reason());
        field(canonical, event.detail());
        return HexFormat.of().formatHex(sha256().digest(canonical.toByteArray()));
    }

    private static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            write(out, "~;".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        write(out, (bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        write(out, bytes);
        write(out, ";".getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
