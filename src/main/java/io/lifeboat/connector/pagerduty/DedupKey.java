package io.lifeboat.connector.pagerduty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code dedup_key} PagerDuty gets for a Lifeboat key: the key itself (an Alertmanager fingerprint, a Lifeboat
 * incident id), so the PagerDuty incident is found by it; a key over PagerDuty's 255 characters becomes
 * {@code sha256:} and its hash, the same every time, so acknowledge, resolve and the REST lookups still match.
 */
final class DedupKey {

    static final int MAX = 255;

    private DedupKey() {
    }

    static String of(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a PagerDuty dedup key must not be blank");
        }
        if (key.length() <= MAX) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
