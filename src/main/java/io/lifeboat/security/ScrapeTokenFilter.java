package io.lifeboat.security;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets Prometheus scrape {@code /actuator/prometheus} with a bearer token (its scrape config's {@code authorization}
 * block) instead of a user's password. A request holding the {@link ScrapeToken} is authenticated with
 * {@link #AUTHORITY}, which the access table opens that one path to; a wrong token is left unauthenticated (401).
 */
public class ScrapeTokenFilter extends OncePerRequestFilter {

    /** The authority a request holding the scrape token gets. */
    public static final String AUTHORITY = "metrics-scrape-token";
    private static final String PATH = "/actuator/prometheus";
    private static final String BEARER = "Bearer ";

    private final ScrapeToken token;

    ScrapeTokenFilter(ScrapeToken token) {
        this.token = token;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header == null || !header.startsWith(BEARER)
                || !request.getRequestURI().substring(request.getContextPath().length()).equals(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.matches(request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()))) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "system:metrics-scraper", null, List.of(new SimpleGrantedAuthority(AUTHORITY))));
        }
        chain.doFilter(request, response);
    }
}
