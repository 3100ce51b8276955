package io.lifeboat.storage;

/**
 * S3 refused to delete an object version because Object Lock protects it. This is WORM working as intended, not a
 * fault: retention reports the object as kept and tries again after the date.
 */
public class ObjectLockedException extends StorageException {

    private final String key;

    public ObjectLockedException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
