package io.lifeboat.audit;

/** The audit key cannot be had; the message names {@code lifeboat.audit.key-ref} and never holds the key. */
public class AuditKeyException extends RuntimeException {

    public AuditKeyException(String message) {
        super(message);
    }
}
