package io.lifeboat.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.lifeboat.secret.SecretReference;

/**
 * The secret that keys the audit chain ({@code lifeboat.audit.key-ref}). Event hashes are HMAC-SHA256 with the key
 * itself; checkpoints are signed with a key derived from it, so a checkpoint signature can never be passed off as an
 * event hash or the other way round.
 *
 * <p>The key is read once, at start-up, so a missing or unreadable key stops Lifeboat before anything is audited. It
 * cannot be rotated in place: every hash of the trail depends on it.
 */
public final class AuditKey {

    static final String PROPERTY = "lifeboat.audit.key-ref";
    /** 32 characters: a key as long as the HMAC's own output, e.g. {@code openssl rand -hex 16} and up. */
    static final int MIN_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] CHECKPOINT_KEY_LABEL = "lifeboat-audit-checkpoint-key".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec chainKey;
    private final SecretKeySpec checkpointKey;

    private AuditKey(byte[] secret) {
        chainKey = new SecretKeySpec(secret, HMAC);
        checkpointKey = new SecretKeySpec(mac(chainKey, CHECKPOINT_KEY_LABEL), HMAC);
    }

    /**
     * Reads the key the reference points to; a relative {@code file:} path resolves against {@code baseDir}.
     *
     * @throws AuditKeyException naming {@value #PROPERTY} when the reference is missing, malformed, unreadable or
     *                           the key too short; never containing the key
     */
    public static AuditKey load(String reference, Path baseDir) {
        if (reference == null || reference.isBlank()) {
            throw new AuditKeyException(PROPERTY + " is not set: the audit trail needs a key, given as "
                    + SecretReference.SYNTAX);
        }
        SecretReference secret;
        try {
            secret = SecretReference.parse(reference, baseDir);
        } catch (IllegalArgumentException e) {
            throw new AuditKeyException(PROPERTY + " is " + e.getMessage() + " (in Spring configuration escaped as \\${...})");
        }
        try {
            return of(secret.value());
        } catch (IOException e) {
            throw new AuditKeyException(PROPERTY + " (" + secret + ") cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new AuditKeyException(PROPERTY + " (" + secret + ") " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when the key, without surrounding white space, is shorter than {@value #MIN_LENGTH} */
    static AuditKey of(String secret) {
        // a key file usually ends with a newline that is not part of the key
        String key = secret.strip();
        if (key.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("holds a key of " + key.length() + " characters; at least " + MIN_LENGTH
                    + " are needed");
        }
        return new AuditKey(key.getBytes(StandardCharsets.UTF_8));
    }

    String chainHash(byte[] canonical) {
        return HexFormat.of().formatHex(mac(chainKey, canonical));
    }

    String checkpointSignature(byte[] canonical) {
        return HexFormat.of().formatHex(mac(checkpointKey, canonical));
    }

    /** Compares in constant time, so response times tell an attacker nothing about a forged signature. */
    static boolean sameHash(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "AuditKey[" + HMAC + "]";
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(HMAC + " is required of every Java runtime", e);
        }
    }
}
