package io.lifeboat.http;

import java.time.Duration;
import java.util.Optional;

import feign.FeignException;
import feign.RetryableException;

/**
 * A call to a remote HTTP API that did not succeed: who the peer was, the status it answered (0 when no answer came:
 * a timeout, a refused connection), whether the same request may succeed later, and how long the peer asked us to
 * wait. The message is the peer's own error text, never the request, which may carry credentials.
 */
public final class RemoteFailure extends RuntimeException {

    /** The status of a call that got no answer. */
    public static final int NO_ANSWER = 0;

    private final String peer;
    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    private RemoteFailure(String peer, int status, boolean retryable, Duration retryAfter, String message, Throwable cause) {
        super(peer + ": " + message, cause);
        this.peer = peer;
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** An error answer; {@code retryAfter} may be null. */
    public static RemoteFailure answered(String peer, int status, boolean retryable, Duration retryAfter, String message) {
        return new RemoteFailure(peer, status, retryable, retryAfter, "HTTP " + status + " " + message, null);
    }

    /** No answer at all: a timeout, a refused or reset connection. Always worth another try. */
    public static RemoteFailure unanswered(String peer, Throwable cause) {
        return new RemoteFailure(peer, NO_ANSWER, true, null, "no answer: " + describe(cause), cause);
    }

    /**
     * What any exception out of a Feign call means: a {@code RemoteFailure} an error decoder made is kept, Feign's
     * {@link RetryableException} without a status is a call that got no answer, any other answer is judged by its
     * status with {@link #retryableStatus(int)}.
     */
    public static RemoteFailure of(String peer, RuntimeException e) {
        if (e instanceof RemoteFailure failure) {
            return failure;
        }
        if (e instanceof RetryableException retryable && retryable.status() <= 0) {
            return unanswered(peer, retryable.getCause() == null ? retryable : retryable.getCause());
        }
        if (e instanceof FeignException feign && feign.status() > 0) {
            String body = feign.contentUTF8();
            return answered(peer, feign.status(), retryableStatus(feign.status()), null,
                    body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
        return unanswered(peer, e);
    }

    /** Timeouts, rate limits and server errors may pass; any other 4xx is a request that cannot succeed as it is. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    public String peer() {
        return peer;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
