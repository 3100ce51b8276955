package io.lifeboat.retention;

import org.springframework.http.HttpStatus;

/** A request of the retention API that cannot be done as asked; nothing was written. */
public class Refusal extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    public Refusal(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }
}
