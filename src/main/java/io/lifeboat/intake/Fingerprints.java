package io.lifeboat.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A stable id for an alert whose sender gave none: like Alertmanager's, a hash of the label set. */
final class Fingerprints {

    private Fingerprints() {
    }

    /** 16 hex digits of SHA-256 over the labels sorted by name; the same labels always give the same fingerprint. */
    static String ofLabels(Map<String, String> labels) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // a separator byte no label contains keeps {a: "b=c"} and {"a=b": c} apart
            new TreeMap<>(labels).forEach((name, value) -> {
                sha256.update(name.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(value.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha256.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
