package io.lifeboat.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Alert intake ({@code lifeboat.intake.*}).
 *
 * @param maxBodyBytes largest request body accepted; a larger one is refused with 413 before it is read
 * @param senders      by sender name ({@code alertmanager}, {@code grafana}, {@code pagerduty}, {@code api});
 *                     a sender without a token reference is refused
 * @param keepProcessed how long processed and skipped rows stay in the inbox before {@link AlertInboxPurge} deletes
 *                      them; unprocessed rows stay until processed
 * @param failingHealthAfter how long an alert of a service may keep failing before {@link IntakeHealthIndicator}
 *                           reports the intake DOWN, naming the service
 */
@ConfigurationProperties("lifeboat.intake")
public record IntakeProperties(
        @DefaultValue("1MB") DataSize maxBodyBytes,
        @DefaultValue Map<String, SenderSettings> senders,
        @DefaultValue Processor processor,
        @DefaultValue("P30D") Duration keepProcessed,
        @DefaultValue("PT5M") Duration failingHealthAfter) {

    /**
     * Secret references ({@code ${env:NAME}} or {@code ${file:/path}}, a relative path against the runbooks
     * directory). In Spring configuration write them as {@code \${env:NAME}}: unescaped, Spring would read them as
     * its own placeholders.
     *
     * @param tokenRef          the bearer token the sender presents
     * @param signingSecretRefs PagerDuty only: the webhook signing secrets; more than one while a secret is rotated
     */
    public record SenderSettings(String tokenRef, @DefaultValue List<String> signingSecretRefs) {
    }

    /**
     * {@link AlertInboxProcessor}: {@code enabled} and {@code tick} are read where Spring needs them (its condition
     * and its {@code @Scheduled}), and are here so the properties are known and documented in one place.
     *
     * @param enabled   false on nodes that only accept alerts; the rows wait for a node that processes
     * @param tick      pause between two rounds of the inbox processor
     * @param batchSize rows looked at per round
     */
    public record Processor(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("PT1S") Duration tick,
            @DefaultValue("200") int batchSize) {
    }
}
