package io.lifeboat.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail ({@code lifeboat.audit.*}).
 *
 * @param keyRef             the chain's key as a secret reference, {@code \${env:NAME}} or {@code \${file:/path}} (a
 *                           relative path against the runbooks directory); required, start-up stops without it
 * @param checkpointInterval how often {@link AuditCheckpointer} anchors the chain's head outside the database (also
 *                           at start-up and on shutdown); read by its {@code @Scheduled}, here to be documented
 * @param checkpointDir      where the signed checkpoint files go
 * @param checkpointTarget   optionally the id of a WORM S3 storage target that gets a copy of every checkpoint
 */
@ConfigurationProperties("lifeboat.audit")
public record AuditProperties(
        String keyRef,
        @DefaultValue("PT5M") Duration checkpointInterval,
        Path checkpointDir,
        String checkpointTarget) {
}
