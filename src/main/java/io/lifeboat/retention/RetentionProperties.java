package io.lifeboat.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retention sweep ({@code lifeboat.retention.*}); what each service keeps is its catalog {@code retention:} block.
 *
 * @param maxDeleteFraction a sweep whose plan deletes more than this fraction of a service's backups waits for an
 *                          approver before deleting any of them; 1 never asks, 0 asks whenever anything would go
 */
@ConfigurationProperties("lifeboat.retention")
public record RetentionProperties(@DefaultValue("0.5") double maxDeleteFraction) {

    public RetentionProperties {
        if (!(maxDeleteFraction >= 0 && maxDeleteFraction <= 1)) {
            throw new IllegalArgumentException("lifeboat.retention.max-delete-fraction must be between 0 and 1 (0.5 is half of"
                    + " a service's backups), not " + maxDeleteFraction);
        }
    }

    /** @return whether deleting {@code deletions} of {@code weighed} backups needs an approver */
    public boolean needsApproval(int weighed, int deletions) {
        return deletions > maxDeleteFraction * weighed;
    }
}
