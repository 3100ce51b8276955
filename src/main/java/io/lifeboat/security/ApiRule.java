package io.lifeboat.security;

import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * One row of the HTTP access table: requests with this method on paths matching this pattern (Spring's
 * {@code PathPattern} syntax, whole path) are allowed to members of these groups, and to nobody else.
 */
public record ApiRule(HttpMethod method, String pattern, List<String> groups) {

    public ApiRule {
        groups = List.copyOf(groups);
    }
}
