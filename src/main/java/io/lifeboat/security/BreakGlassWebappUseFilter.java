package io.lifeboat.security;

import java.io.IOException;

import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Audits as {@code break-glass.used} that a user holding a break-glass grant works in the Camunda webapps (Cockpit,
 * Tasklist, Admin), which keep their own login in the HTTP session. Once per session and grant, not per request:
 * the webapps poll every few seconds, and what the user changes there Camunda's user operation log records with
 * their id. Only the webapps' API calls are looked at, not their static files.
 */
class BreakGlassWebappUseFilter extends OncePerRequestFilter {

    static final String WEBAPP_API = "/camunda/api/";
    private static final String AUDITED = "lifeboat.break-glass.audited.";

    private final BreakGlassRepository grants;
    private final AuditTrail audit;

    BreakGlassWebappUseFilter(BreakGlassRepository grants, AuditTrail audit) {
        this.grants = grants;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + WEBAPP_API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        if (logins != null) {
            for (UserAuthentication login : logins.getAuthentications()) {
                String user = login.getIdentityId();
                grants.activeGrantOf(user).filter(grant -> session.getAttribute(AUDITED + grant.id()) == null)
                        .ifPresent(grant -> {
                            // before the request runs: if the event cannot be written, the request fails unrecorded
                            audit.append(new AuditRecord(user, "break-glass.used", grant.subject(), null, null, null,
                                    "Camunda webapps, first request of the session: " + request.getMethod() + " "
                                            + request.getRequestURI()));
                            session.setAttribute(AUDITED + grant.id(), Boolean.TRUE);
                        });
            }
        }
        chain.doFilter(request, response);
    }
}
