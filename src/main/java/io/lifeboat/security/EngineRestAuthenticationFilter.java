package io.lifeboat.security;

import java.io.IOException;
import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Hands the authenticated user and its groups to the engine for one {@code /engine-rest} request, so Camunda's own
 * authorizations decide what the user may see and do, and the user operation log records who did it.
 */
class EngineRestAuthenticationFilter extends OncePerRequestFilter {

    static final String ENGINE_REST = "/engine-rest";
    static final UrlPathHelper PATHS = new UrlPathHelper();

    private final IdentityService identityService;

    EngineRestAuthenticationFilter(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isEngineRest(request);
    }

    /** On the decoded path, as the servlet container routes the request, not on how the client spelled it. */
    static boolean isEngineRest(HttpServletRequest request) {
        String path = PATHS.getPathWithinApplication(request);
        return path.equals(ENGINE_REST) || path.startsWith(ENGINE_REST + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        List<String> groupIds = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        identityService.setAuthentication(authentication.getName(), groupIds);
        try {
            chain.doFilter(request, response);
        } finally {
            // the engine keeps the authentication per thread; a pooled thread must not carry it to the next request
            identityService.clearAuthentication();
        }
    }
}
