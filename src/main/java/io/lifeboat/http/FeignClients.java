package io.lifeboat.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import feign.Feign;
import feign.Request;
import feign.Retryer;
import feign.codec.ErrorDecoder;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;

/**
 * The one way Lifeboat builds a Feign client: JSON through Jackson, bounded timeouts, no retries of Feign's own, and
 * {@code java.net.http} underneath, which sends PATCH (ServiceNow's Table API updates by PATCH; Feign's default
 * client, on {@code HttpURLConnection}, refuses the method).
 */
public final class FeignClients {

    private FeignClients() {
    }

    /**
     * Feign never retries here: a request is retried by whoever owns it (the outbox, an agent's task), which knows
     * whether it is safe and records each attempt.
     */
    public static Feign.Builder json(ObjectMapper json, Duration connectTimeout, Duration readTimeout, ErrorDecoder errors) {
        return Feign.builder()
                .encoder(new JacksonEncoder(json))
                .decoder(new JacksonDecoder(json))
                .errorDecoder(errors)
                .retryer(Retryer.NEVER_RETRY)
                .client(new Http2Client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout).build()))
                .options(new Request.Options(connectTimeout.toMillis(), TimeUnit.MILLISECONDS,
                        readTimeout.toMillis(), TimeUnit.MILLISECONDS, true));
    }
}
