package io.lifeboat.intake;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.lifeboat.web.ApiError;

/**
 * The webhooks' refusals. A fault on Lifeboat's side is a 503, never a 4xx: Alertmanager and PagerDuty retry a 5xx
 * but drop a 4xx (Alertmanager even a 429) for good.
 */
@RestControllerAdvice(assignableTypes = AlertIntakeController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class IntakeExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeExceptionHandler.class);

    @ExceptionHandler(RejectedAlertException.class)
    ResponseEntity<ApiError> rejected(RejectedAlertException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.error(), e.getMessage()));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ApiError> notStored(RuntimeException e) {
        LOG.error("Alerts not stored, the sender is asked to retry: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError("unavailable",
                "the alerts could not be stored (database unavailable); nothing was stored, retry later"));
    }

    /** A body cut off in transit, or a signing secret this node cannot read: the sender should try again. */
    @ExceptionHandler(IOException.class)
    ResponseEntity<ApiError> notRead(IOException e) {
        LOG.error("Alert request not handled, the sender is asked to retry: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError("unavailable",
                "the request could not be read or checked; nothing was stored, retry later"));
    }
}
