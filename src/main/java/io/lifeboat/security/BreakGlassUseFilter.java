package io.lifeboat.security;

import java.io.IOException;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Audits every API request of a user who holds an active break-glass grant as {@code break-glass.used}, before the
 * request runs: if the event cannot be written the request fails rather than go unrecorded.
 */
class BreakGlassUseFilter extends OncePerRequestFilter {

    /** Keeps the event within the audit detail's column however long a request path is. */
    private static final int MAX_PATH_LENGTH = 1000;

    private final BreakGlassRepository grants;
    private final AuditTrail audit;

    BreakGlassUseFilter(BreakGlassRepository grants, AuditTrail audit) {
        this.grants = grants;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.isAuthenticated()) {
            String user = authentication.getName();
            grants.activeGrantOf(user).ifPresent(grant -> audit.append(new AuditRecord(user, "break-glass.used",
                    grant.subject(), null, null, null, describe(request))));
        }
        chain.doFilter(request, response);
    }

    private static String describe(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.length() > MAX_PATH_LENGTH) {
            path = path.substring(0, MAX_PATH_LENGTH) + "...";
        }
        return request.getMethod() + " " + path;
    }
}
