package io.lifeboat.web;

import org.springframework.http.HttpStatus;

/**
 * A request that cannot be done as asked, thrown before anything is written or rolling back the request's
 * transaction; {@link ApiExceptionHandler} answers it with its status and an {@link ApiError} of its error and
 * message.
 */
public class ApiRefusal extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    public ApiRefusal(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public ApiRefusal(HttpStatus status, String error, String detail, Throwable cause) {
        super(detail, cause);
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
