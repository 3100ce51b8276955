package io.lifeboat.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lifeboat's refusals as JSON {@code {"error": ..., "detail": ...}}: 401 with a Basic challenge when the caller is
 * anonymous or its credentials are wrong, 403 when an authenticated user may not do this. The detail never repeats
 * the credentials.
 */
class JsonSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "lifeboat";

    private final ObjectMapper json;

    JsonSecurityErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? "This endpoint needs HTTP Basic credentials of a Lifeboat user."
                : "The user name or password is wrong, or the user is locked after failed attempts.";
        write(response, HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        forbid(response, "Your groups do not allow " + request.getMethod() + " " + request.getRequestURI() + ".");
    }

    /** A 403 that says why, for refusals decided outside Spring's authorization rules. */
    void forbid(HttpServletResponse response, String detail) throws IOException {
        write(response, HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String error, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        json.writeValue(response.getOutputStream(), body);
    }
}
