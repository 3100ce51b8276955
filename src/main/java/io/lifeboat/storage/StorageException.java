package io.lifeboat.storage;

import org.springframework.http.HttpStatus;

import io.lifeboat.web.ApiRefusal;

/**
 * A storage operation failed; the message names the target, the bucket and the object, never a credential. In a
 * request the API answers it with 502 and the request's transaction is rolled back: what S3 refused is not recorded
 * as done.
 */
public class StorageException extends ApiRefusal {

    public StorageException(String message) {
        super(HttpStatus.BAD_GATEWAY, "storage unavailable", message);
    }

    public StorageException(String message, Throwable cause) {
        super(HttpStatus.BAD_GATEWAY, "storage unavailable", message, cause);
    }
}
