package io.lifeboat.servicenow;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.http.FeignClients;
import io.lifeboat.secret.SecretReference;

/**
 * A ServiceNow instance and how Lifeboat signs in to it: basic authentication with {@code user} and a password
 * reference, or OAuth when a client id and secret reference are given ({@link ServiceNowSignIn}). Secrets stay
 * references until a request is signed.
 *
 * @param password     null with OAuth's client-credentials grant
 * @param clientId     null for basic authentication
 * @param clientSecret given exactly when {@code clientId} is
 */
public record ServiceNowInstance(URI url, String user, SecretReference password, SecretReference clientId,
                                 SecretReference clientSecret, Duration connectTimeout, Duration readTimeout) {

    public ServiceNowInstance {
        Objects.requireNonNull(url, "url");
        if ((clientId == null) != (clientSecret == null)) {
            throw new IllegalArgumentException("OAuth needs both client-id-ref and client-secret-ref");
        }
        if (clientId == null && (user == null || password == null)) {
            throw new IllegalArgumentException("basic authentication needs user and password-ref");
        }
    }

    public boolean oauth() {
        return clientId != null;
    }

    /** A Table API client that signs each request and turns error answers into {@link io.lifeboat.http.RemoteFailure}s. */
    public ServiceNowTableApi tableApi(ObjectMapper json, Clock clock) {
        ServiceNowErrors errors = new ServiceNowErrors(json, clock);
        return FeignClients.json(json, connectTimeout, readTimeout, errors)
                .requestInterceptor(new ServiceNowSignIn(this, json, clock, errors))
                .target(ServiceNowTableApi.class, base());
    }

    String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
