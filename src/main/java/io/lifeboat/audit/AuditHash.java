package io.lifeboat.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash of one audit event: HMAC-SHA256 with the {@link AuditKey} (lower-case hex) over a canonical form of the
 * previous event's hash and every field of this one. Without the key nobody can compute a hash that verifies, so a
 * changed, deleted or reordered event cannot be hidden by recomputing the hashes after it.
 *
 * <p>The canonical form starts with {@value #VERSION} and then writes each field in a fixed order (previous hash, id,
 * occurred-at as microseconds since the epoch, actor, action, subject, service, trigger, reason, detail) as
 * {@code <UTF-8 byte length>:<bytes>;}, or {@code ~;} for null. The length prefix makes it unambiguous: no choice of
 * field values (separators, empty strings, null) can make two different events produce the same bytes.
 *
 * <p>Trails written before the key existed used the same form under {@value #UNKEYED_VERSION} with plain SHA-256;
 * {@link #unkeyed} computes that only so {@link LegacyChainUpgrade} can check such a trail before re-chaining it.
 */
final class AuditHash {

    /** What the first event chains to. */
    static final String GENESIS = "0".repeat(64);

    private static final String VERSION = "lifeboat-audit-v2-hmac-sha256;";
    private static final String UNKEYED_VERSION = "lifeboat-audit-v1;";
    private static final String CHECKPOINT_VERSION = "lifeboat-audit-checkpoint-v1;";

    private AuditHash() {
    }

    static String of(AuditEvent event, AuditKey key) {
        return key.chainHash(canonical(VERSION, event));
    }

    /** The hash of the unkeyed scheme {@value #UNKEYED_VERSION}, which anyone can recompute. */
    static String unkeyed(AuditEvent event) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(UNKEYED_VERSION, event)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** What a checkpoint's signature covers, in the same unambiguous form as an event. */
    static byte[] checkpoint(long lastId, String lastHash, Instant at) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        write(canonical, CHECKPOINT_VERSION.getBytes(StandardCharsets.UTF_8));
        field(canonical, Long.toString(lastId));
        field(canonical, lastHash);
        field(canonical, Long.toString(epochMicros(at)));
        return canonical.toByteArray();
    }

    private static byte[] canonical(String version, AuditEvent event) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        write(canonical, version.getBytes(StandardCharsets.UTF_8));
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
        return canonical.toByteArray();
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
}
