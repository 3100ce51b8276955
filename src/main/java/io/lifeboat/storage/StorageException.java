package io.lifeboat.storage;

/** A storage operation failed; the message names the target, the bucket and the object, never a credential. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
