package io.lifeboat.catalog;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/** What restore drills proved of a service, for its view; implemented where drills are recorded. */
public interface DrillStates {

    String VERIFIED = "verified";
    String OVERDUE = "overdue";
    String NEEDS_VERIFYING = "needs-verifying";

    DrillState of(ServiceDefinition service);

    /**
     * @param state     {@link #VERIFIED}: a drill passed within the policy's interval, on the entry as the catalog has it
     *                  now; {@link #OVERDUE}: none passed within the interval; {@link #NEEDS_VERIFYING}: the entry, its
     *                  data sources or checks changed since the last passed drill, or none ever passed and no schedule
     *                  will drill it
     * @param why       what the state is based on, in words
     * @param lastDrill           the newest finished drill, null when there is none
     * @param lastNegativeControl the newest finished negative control: failed, it flags checks that cannot see loss
     */
    record DrillState(@Schema(allowableValues = {VERIFIED, OVERDUE, NEEDS_VERIFYING}) String state, String why,
                      @Schema(nullable = true) LastDrill lastDrill, @Schema(nullable = true) LastDrill lastPassed,
                      @Schema(nullable = true) LastDrill lastNegativeControl) {

        /**
         * False when the newest negative control failed: the service's checks were shown blind to loss. Annotated, as
         * Jackson writes only a record's components otherwise.
         */
        @JsonProperty
        @Schema(nullable = true, description = "false when the newest negative control failed; null without one")
        public Boolean checksSeeLoss() {
            return lastNegativeControl == null ? null : "passed".equals(lastNegativeControl.verdict());
        }
    }

    record LastDrill(String id, String verdict, String reason, Instant finishedAt, String reportUrl) {
    }
}
