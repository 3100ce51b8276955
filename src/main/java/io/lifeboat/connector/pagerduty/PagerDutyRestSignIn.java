package io.lifeboat.connector.pagerduty;

import java.io.IOException;
import java.io.UncheckedIOException;

import feign.RequestInterceptor;
import feign.RequestTemplate;

import io.lifeboat.secret.SecretReference;

/**
 * Signs each REST request with {@code Authorization: Token token=<API token>}, the exact form PagerDuty takes for an
 * API key, and names the user it is made as in {@code From} (required on incident writes). The token is read at each
 * request, so a rotated secret file takes effect at once.
 */
final class PagerDutyRestSignIn implements RequestInterceptor {

    private final SecretReference token;
    private final String from;

    /** @param token null when no API token is configured: then no request is made */
    PagerDutyRestSignIn(SecretReference token, String from) {
        this.token = token;
        this.from = from;
    }

    @Override
    public void apply(RequestTemplate request) {
        if (token == null) {
            throw new IllegalStateException("PagerDuty REST API not configured: set "
                    + PagerDutyProperties.PREFIX + "api-token-ref and from");
        }
        request.header("Authorization", "Token token=" + read(token));
        if (from != null) {
            request.header("From", from);
        }
    }

    private static String read(SecretReference token) {
        try {
            // a secret file usually ends in a newline that is not part of the token
            return token.value().strip();
        } catch (IOException e) {
            // the reference names no secret, only where it should be
            throw new UncheckedIOException("PagerDuty API token unreadable from " + token, e);
        }
    }
}
