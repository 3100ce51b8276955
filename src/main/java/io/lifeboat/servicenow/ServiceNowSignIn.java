package io.lifeboat.servicenow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import feign.Feign;
import feign.Headers;
import feign.Request;
import feign.RequestInterceptor;
import feign.RequestLine;
import feign.RequestTemplate;
import feign.Retryer;
import feign.jackson.JacksonDecoder;

import io.lifeboat.secret.SecretReference;

/**
 * Signs each Table API request: basic authentication, or a bearer token from {@code /oauth_token.do} (password grant
 * when a user and password are set, else client credentials), kept until shortly before it expires. Secrets are read
 * when a request is signed and kept nowhere else.
 */
final class ServiceNowSignIn implements RequestInterceptor {

    /** A token is renewed this long before ServiceNow says it expires, so no request goes out with a stale one. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final ServiceNowInstance instance;
    private final Clock clock;
    private final TokenApi tokens;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    ServiceNowSignIn(ServiceNowInstance instance, ObjectMapper json, Clock clock, ServiceNowErrors errors) {
        this.instance = instance;
        this.clock = clock;
        this.tokens = instance.oauth()
                ? Feign.builder().decoder(new JacksonDecoder(json)).errorDecoder(errors).retryer(Retryer.NEVER_RETRY)
                        .options(new Request.Options(instance.connectTimeout(), instance.readTimeout(), true))
                        .target(TokenApi.class, instance.base())
                : null;
    }

    @Override
    public void apply(RequestTemplate request) {
        request.header("Authorization", instance.oauth() ? "Bearer " + token() : basic());
    }

    private String basic() {
        String pair = instance.user() + ":" + read(instance.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(tokenExpires)) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", read(instance.clientId()));
            form.put("client_secret", read(instance.clientSecret()));
            if (instance.password() != null) {
                form.put("grant_type", "password");
                form.put("username", instance.user());
                form.put("password", read(instance.password()));
            } else {
                form.put("grant_type", "client_credentials");
            }
            Token issued = tokens.issue(form.entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")));
            token = issued.accessToken();
            tokenExpires = now.plusSeconds(issued.expiresIn()).minus(RENEW_BEFORE);
        }
        return token;
    }

    private static String read(SecretReference secret) {
        try {
            return secret.value();
        } catch (IOException e) {
            // the reference names no secret, only where it should be
            throw new UncheckedIOException("ServiceNow credentials unreadable from " + secret, e);
        }
    }

    interface TokenApi {
        @RequestLine("POST /oauth_token.do")
        @Headers({"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"})
        Token issue(String form);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") long expiresIn) {
    }
}
