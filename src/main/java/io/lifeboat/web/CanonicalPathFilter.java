package io.lifeboat.web;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses, before anything else looks at it, a request path that does not say plainly where it goes: empty or dot
 * segments, {@code ;} parameters, backslashes, or percent-escapes of letters, digits, {@code - . _ ~ / \ ; %}.
 * Servlet containers decode such paths to route them, while code comparing the raw path would not recognise
 * {@code /%65ngine-rest} as {@code /engine-rest}; one canonical spelling keeps every check looking at the same path.
 * The answer is a 400 in Lifeboat's JSON form, never a stack trace.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CanonicalPathFilter extends OncePerRequestFilter {

    private static final Pattern ESCAPED_PLAIN = Pattern.compile("%(3[0-9]|[46][1-9a-f]|[57][0-9a]|2d|2e|5f|7e|2f|5c|3b|25)");
    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (isCanonical(path)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"invalid request\",\"detail\":\"the request path is not in canonical "
                + "form: no empty or dot segments, no ';', no backslash, no escaped letters, digits or separators\"}");
    }

    static boolean isCanonical(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return !lower.contains("//") && !lower.contains(";") && !lower.contains("\\")
                && !DOT_SEGMENT.matcher(lower).find() && !ESCAPED_PLAIN.matcher(lower).find();
    }
}
