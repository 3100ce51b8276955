package io.lifeboat.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import feign.Feign;
import feign.Request;
import feign.Retryer;
import feign.codec.ErrorDecoder;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;

/** The one way Lifeboat builds a Feign client: JSON through Jackson, bounded timeouts, and no retries of Feign's own. */
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
                .options(new Request.Options(connectTimeout.toMillis(), TimeUnit.MILLISECONDS,
                        readTimeout.toMillis(), TimeUnit.MILLISECONDS, true));
    }
}
