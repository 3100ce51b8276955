package io.lifeboat.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.secret.SecretReference;
import io.lifeboat.security.ScrapeToken;

/**
 * Prometheus' scrape token, by secret reference from {@code lifeboat.metrics.scrape-token-ref} (relative files are
 * found in the runbooks directory, as every secret's), checked at start-up and read at each scrape so a rotated file
 * takes effect at once. Without the property no token opens the metrics; users still do.
 */
@Component
class ScrapeTokenSecret implements ScrapeToken {

    private final SecretReference token;

    ScrapeTokenSecret(@Value("${lifeboat.metrics.scrape-token-ref:}") String tokenRef, Catalog catalog) {
        this.token = tokenRef.isBlank() ? null
                : SecretReference.ofSetting(tokenRef, "lifeboat.metrics.scrape-token-ref", catalog.runbooksDir());
    }

    @Override
    public boolean matches(String presented) throws IOException {
        return token != null && MessageDigest.isEqual(presented.trim().getBytes(StandardCharsets.UTF_8),
                token.value().trim().getBytes(StandardCharsets.UTF_8));
    }
}
