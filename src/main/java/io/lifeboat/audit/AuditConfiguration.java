package io.lifeboat.audit;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageProperties;

/** The audit key and where checkpoints go, from {@code lifeboat.audit.*}; both are checked at start-up. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    static final String CHECKPOINT_TARGET = "lifeboat.audit.checkpoint-target";

    /** A relative {@code file:} reference means the runbooks directory, as the other secrets of the settings do. */
    @Bean
    AuditKey auditKey(AuditProperties properties, Catalog catalog) {
        return AuditKey.load(properties.keyRef(), catalog.runbooksDir());
    }

    @Bean
    AuditCheckpoints auditCheckpoints(AuditProperties properties, AuditKey key, Clock clock,
                                      StorageProperties storage, S3ObjectStores stores) {
        if (properties.checkpointDir() == null) {
            throw new IllegalStateException("lifeboat.audit.checkpoint-dir is not set");
        }
        String targetId = properties.checkpointTarget();
        if (targetId == null || targetId.isBlank()) {
            return new AuditCheckpoints(properties.checkpointDir(), key, clock);
        }
        StorageProperties.Target target = storage.targets().get(targetId);
        if (target == null || !target.isS3() || target.worm() == null) {
            // a bucket whose objects can be deleted or overwritten would anchor nothing
            throw new IllegalStateException(CHECKPOINT_TARGET + " is '" + targetId + "', which is "
                    + (target == null ? "not a configured storage target (configured: " + storage.targets().keySet() + ")"
                    : !target.isS3() ? "a " + target.type() + " target" : "an S3 target without worm: settings")
                    + "; it must name an S3 storage target with worm: (Object Lock) settings");
        }
        String prefix = target.prefix().isEmpty() ? "" : target.prefix() + "/";
        return new AuditCheckpoints(properties.checkpointDir(), key, clock, stores.store(targetId),
                prefix + "audit-checkpoints/");
    }
}
