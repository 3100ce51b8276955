package io.lifeboat.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.DrillStates;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.text.Readable;

/**
 * A service's drill state from its drill records: {@code needs-verifying} when the catalog entry the last passed
 * drill proved is not the entry now (as Veeam Recovery Orchestrator asks for a new test after a plan changes), else
 * {@code overdue} when that drill is older than the policy's interval (or there is none though a schedule asks for
 * one), else {@code verified}. Inconclusive and failed drills never verify anything.
 */
@Component
class ServiceDrillStates implements DrillStates {

    private final DrillRepository drills;
    private final Clock clock;

    ServiceDrillStates(DrillRepository drills, Clock clock) {
        this.drills = drills;
        this.clock = clock;
    }

    @Override
    public DrillState of(ServiceDefinition service) {
        Optional<DrillRecord> last = drills.lastFinished(service.id(), null);
        Optional<DrillRecord> passed = drills.lastFinished(service.id(), DrillVerdict.PASSED);
        LastDrill lastDrill = last.map(ServiceDrillStates::summary).orElse(null);
        LastDrill lastPassed = passed.map(ServiceDrillStates::summary).orElse(null);
        LastDrill control = drills.lastNegativeControl(service.id()).map(ServiceDrillStates::summary).orElse(null);
        boolean scheduled = service.drillPolicy().schedule() != null;
        if (passed.isEmpty()) {
            return new DrillState(scheduled ? OVERDUE : NEEDS_VERIFYING, "no drill of " + service.id() + " has passed"
                    + (scheduled ? "" : ", and its drill policy schedules none"), lastDrill, null, control);
        }
        DrillRecord proof = passed.get();
        if (!drills.fingerprintOf(proof.id()).equals(service.drillFingerprint())) {
            return new DrillState(NEEDS_VERIFYING, "the catalog entry of " + service.id() + " changed since drill "
                    + proof.id() + " passed", lastDrill, lastPassed, control);
        }
        Instant passedAt = proof.timings().finishedAt();
        Duration interval = service.drillPolicy().interval(passedAt);
        if (interval != null && passedAt.plus(interval).isBefore(clock.instant())) {
            return new DrillState(OVERDUE, "the last passed drill finished " + Readable.time(passedAt) + ", more than the"
                    + " policy's interval of " + Readable.duration(interval) + " ago", lastDrill, lastPassed, control);
        }
        return new DrillState(VERIFIED, "drill " + proof.id() + " passed " + Readable.time(passedAt), lastDrill, lastPassed,
                control);
    }

    private static LastDrill summary(DrillRecord drill) {
        return new LastDrill(drill.id(), drill.verdict().value(), drill.reason(), drill.timings().finishedAt(), drill.reportUrl());
    }
}
