package io.lifeboat.connector.http;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The generic HTTP connector ({@code lifeboat.connectors.http.*}).
 *
 * @param connectTimeout how long a connection may take
 * @param readTimeout    how long the peer may take to answer; a request that times out is tried again
 */
@ConfigurationProperties("lifeboat.connectors.http")
public record HttpCallProperties(@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT30S") Duration readTimeout) {

    public HttpCallProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("lifeboat.connectors.http.connect-timeout and read-timeout must be positive");
        }
    }
}
