package io.lifeboat.incident;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incident status updates ({@code lifeboat.status-updates.*}).
 *
 * @param cadence how soon the next update is promised, by the service's tier
 */
@ConfigurationProperties("lifeboat.status-updates")
public record StatusUpdateProperties(@DefaultValue Cadence cadence) {

    /** @param other every tier but 1 and 2 */
    public record Cadence(@DefaultValue("PT30M") Duration tier1, @DefaultValue("PT1H") Duration tier2,
                          @DefaultValue("PT4H") Duration other) {

        public Cadence {
            requirePositive(tier1, "tier1");
            requirePositive(tier2, "tier2");
            requirePositive(other, "other");
        }

        Duration forTier(int tier) {
            return switch (tier) {
                case 1 -> tier1;
                case 2 -> tier2;
                default -> other;
            };
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("lifeboat.status-updates.cadence." + name + " must be a positive duration, not "
                        + duration);
            }
        }
    }
}
