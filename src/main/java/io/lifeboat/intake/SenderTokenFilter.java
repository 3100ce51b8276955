package io.lifeboat.intake;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.web.ApiError;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates an alert sender by the bearer token configured for the path it posts to; anything else ends here with
 * a JSON 401 (or 503 when the configured secret cannot be read, so the sender retries). Never echoes a token.
 */
class SenderTokenFilter extends OncePerRequestFilter {

    static final String AUTHORITY = "ALERT_SENDER";
    private static final Logger LOG = LoggerFactory.getLogger(SenderTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final SenderSecrets secrets;
    private final ObjectMapper json;

    SenderTokenFilter(SenderSecrets secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Sender> sender = Sender.forPath(request.getRequestURI().substring(request.getContextPath().length()));
        if (sender.isEmpty()) {
            refuse(response, "no alert sender posts to " + request.getRequestURI());
            return;
        }
        String name = sender.get().value();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(response, "this endpoint needs the header 'Authorization: Bearer <token>' with the token of sender '"
                    + name + "'");
            return;
        }
        Optional<Boolean> matches;
        try {
            matches = secrets.tokenMatches(sender.get(), authorization.substring(BEARER.length()).strip());
        } catch (IOException e) {
            LOG.error("The token of alert sender {} cannot be read: {}", name, e.getMessage());
            write(response, HttpStatus.SERVICE_UNAVAILABLE, new ApiError("unavailable",
                    "the token of sender '" + name + "' cannot be read on this node; try again later"));
            return;
        }
        if (matches.isEmpty()) {
            refuse(response, "no token is configured for sender '" + name + "' (lifeboat.intake.senders." + name
                    + ".token-ref)");
            return;
        }
        if (!matches.get()) {
            refuse(response, "the bearer token is not the one configured for sender '" + name + "'");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new PreAuthenticatedAuthenticationToken("sender:" + name, null,
                List.of(new SimpleGrantedAuthority(AUTHORITY))));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lifeboat-alerts\"");
        write(response, HttpStatus.UNAUTHORIZED, new ApiError("unauthorized", detail));
    }

    private void write(HttpServletResponse response, HttpStatus status, ApiError error) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), error);
    }
}
