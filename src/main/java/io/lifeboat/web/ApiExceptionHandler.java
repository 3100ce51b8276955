package io.lifeboat.web;

import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Maps exceptions of {@code /api} controllers to an {@link ApiError} with a fitting status, a 4xx or 502 for storage
 * that did not do what was asked: an {@link ApiRefusal} carries its own (each a subclass in the package that throws
 * it, so this package imports none of them), Spring's request errors get theirs here. Anything else stays a 500
 * from Spring.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    @ExceptionHandler(ApiRefusal.class)
    ResponseEntity<ApiError> refused(ApiRefusal refusal) {
        return ResponseEntity.status(refusal.status()).body(new ApiError(refusal.error(), refusal.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e) {
        return answer(HttpStatus.BAD_REQUEST, "unreadable request body", unreadableDetail(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    public ResponseEntity<ApiError> invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getAllErrors().stream()
                .map(error -> error instanceof FieldError field
                        ? field.getField() + ": " + field.getDefaultMessage()
                        : error.getObjectName() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return answer(HttpStatus.BAD_REQUEST, "invalid request", detail);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiError> notJson(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported media type", "the body must be sent as "
                + e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or "))
                + ", not " + (e.getContentType() == null ? "without a Content-Type" : InputText.quote(e.getContentType())));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiError> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed", InputText.quote(e.getMethod())
                + " is not allowed here; allowed: " + String.join(", ", e.getSupportedMethods() == null
                ? new String[0] : e.getSupportedMethods()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid request",
                "missing request parameter '" + e.getParameterName() + "' (" + e.getParameterType() + ")");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiError> badParameter(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, "invalid request", InputText.quote(e.getValue()) + " is not a valid "
                + e.getName() + " (expected " + InputText.kind(e.getRequiredType()) + ")");
    }

    /**
     * What is wrong with a JSON body: the field and why, or where the syntax breaks. Public for controllers that read
     * their body themselves (the alert webhooks keep the raw bytes to check signatures).
     */
    public static String jsonProblem(JsonProcessingException e) {
        if (e instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()) {
            return "field '" + fieldPath(invalid) + "': " + InputText.quote(invalid.getValue()) + " is not "
                    + InputText.kind(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()
                && mismatched.getTargetType() != null) {
            return "field '" + fieldPath(mismatched) + "': expected " + InputText.kind(mismatched.getTargetType());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "field '" + fieldPath(mapping) + "': " + withoutClassNames(mapping.getOriginalMessage());
        }
        JsonLocation location = e.getLocation();
        String at = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return "malformed JSON" + at + ": " + withoutClassNames(e.getOriginalMessage());
    }

    /** Jackson names types as `java.lang.String` and adds "(class ...)": callers need the field, not our classes. */
    private static String withoutClassNames(String message) {
        String plain = String.valueOf(message).replaceAll(" ?\\((class|for) [^)]*\\)", "")
                .replaceAll("`[\\w.$\\[\\]<>, ]+`", "a value");
        return plain.length() <= InputText.MAX_QUOTED ? plain : plain.substring(0, InputText.MAX_QUOTED) + "…";
    }

    private static String unreadableDetail(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        // e.g. "Required request body is missing: ..." without the handler method's signature after the colon
        String message = String.valueOf(e.getMessage());
        int colon = message.indexOf(':');
        return colon < 0 ? message : message.substring(0, colon);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, String error, String detail) {
        return ResponseEntity.status(status).body(new ApiError(error, detail));
    }
}
