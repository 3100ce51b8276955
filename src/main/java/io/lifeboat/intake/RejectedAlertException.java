package io.lifeboat.intake;

import org.springframework.http.HttpStatus;

/** A request the intake refuses before storing anything; the message says what was wrong and is sent back. */
class RejectedAlertException extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    private RejectedAlertException(HttpStatus status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static RejectedAlertException invalid(String detail) {
        return new RejectedAlertException(HttpStatus.BAD_REQUEST, "invalid alert", detail);
    }

    static RejectedAlertException tooLarge(long maxBytes) {
        return new RejectedAlertException(HttpStatus.PAYLOAD_TOO_LARGE, "payload too large",
                "the request body is larger than " + maxBytes + " bytes (lifeboat.intake.max-body-bytes)");
    }

    static RejectedAlertException notJson(String contentType) {
        return new RejectedAlertException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported media type",
                "the body must be sent as application/json, not " + (contentType == null ? "without a Content-Type"
                        : "'" + (contentType.length() > 100 ? contentType.substring(0, 100) + "…" : contentType) + "'"));
    }

    static RejectedAlertException badSignature(String detail) {
        return new RejectedAlertException(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }
}
