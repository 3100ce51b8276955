package io.lifeboat.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty webhooks v3 signatures: {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256(raw body, secret)>}, several
 * comma-separated while a secret is rotated; valid when any one matches any configured secret.
 */
final class PagerDutySignature {

    static final String HEADER = "X-PagerDuty-Signature";
    private static final String VERSION = "v1=";

    private PagerDutySignature() {
    }

    /** Compared in constant time over the raw bytes as received, never re-serialized JSON. */
    static boolean isValid(byte[] rawBody, String header, List<byte[]> secrets) {
        if (header == null || header.isBlank()) {
            return false;
        }
        List<byte[]> presented = List.of(header.split(",")).stream().map(String::strip)
                .map(signature -> signature.getBytes(StandardCharsets.US_ASCII)).toList();
        boolean valid = false;
        for (byte[] secret : secrets) {
            byte[] expected = (VERSION + HexFormat.of().formatHex(hmacSha256(secret, rawBody))).getBytes(StandardCharsets.US_ASCII);
            for (byte[] signature : presented) {
                // no early exit: how long the check takes says nothing about which signature matched
                valid |= MessageDigest.isEqual(signature, expected);
            }
        }
        return valid;
    }

    static byte[] hmacSha256(byte[] secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
