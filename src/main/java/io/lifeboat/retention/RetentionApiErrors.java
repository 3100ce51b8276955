package io.lifeboat.retention;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.lifeboat.web.ApiError;

/** Answers a {@link Refusal} of this package's controllers with its status and an {@link ApiError}. */
@RestControllerAdvice(basePackageClasses = RetentionApiErrors.class)
class RetentionApiErrors {

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ApiError> refused(Refusal refusal) {
        return ResponseEntity.status(refusal.status()).body(new ApiError(refusal.error(), refusal.getMessage()));
    }
}
