package io.lifeboat.intake;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body as raw bytes, at most {@code lifeboat.intake.max-body-bytes}: a declared length above it is
 * refused before reading, and an undeclared (chunked) body is cut off one byte past it. Raw, because PagerDuty's
 * signature is over the exact bytes sent.
 */
@Component
class RequestBodies {

    private final long maxBytes;

    RequestBodies(IntakeProperties properties) {
        this.maxBytes = properties.maxBodyBytes().toBytes();
    }

    /** @throws RejectedAlertException 415 unless the body is declared JSON, 413 when too large, 400 when empty */
    byte[] read(HttpServletRequest request) throws IOException {
        if (!isJson(request.getContentType())) {
            throw RejectedAlertException.notJson(request.getContentType());
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw RejectedAlertException.tooLarge(maxBytes);
        }
        try (InputStream body = request.getInputStream()) {
            byte[] bytes = body.readNBytes(Math.toIntExact(maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw RejectedAlertException.tooLarge(maxBytes);
            }
            if (bytes.length == 0) {
                throw RejectedAlertException.invalid("the request body is empty; expected a JSON object");
            }
            return bytes;
        }
    }

    private static boolean isJson(String contentType) {
        try {
            return contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
