package io.lifeboat.drill;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.lifeboat.check.CheckResult;
import io.lifeboat.text.Readable;

/**
 * Turns what a drill found into its verdict and the reason, in this order: what says nothing about the backup first
 * (inconclusive: the time limit, the sandbox), then what says it is bad (failed: the restore, a check, a damage no
 * check saw, a missed objective), else passed.
 */
final class DrillVerdicts {

    /** Everything the verdict is made of, as the runbook's variables and the record have it. */
    record Findings(boolean timedOut, Duration timeLimit, String sandboxProblem, String restoreState, String restoreFailedStep,
                    String restoreError, boolean negativeControl, List<SandboxDamage> damage, List<String> unseenDamage,
                    List<CheckResult> checks, Long rtoSeconds, Long rpoSeconds, Duration rto, Duration rpo) {
    }

    record Judgement(DrillVerdict verdict, String reason) {
    }

    /** The restore's step that fails when the sandbox has no room, which says nothing about the backup. */
    static final String CAPACITY_STEP = "CheckCapacity";
    private static final String SUCCEEDED = "SUCCEEDED";

    private DrillVerdicts() {
    }

    static Judgement judge(Findings found) {
        if (found.timedOut()) {
            return inconclusive("the drill ran past its time limit of " + found.timeLimit() + " (lifeboat.drill.time-limit)");
        }
        if (found.sandboxProblem() != null) {
            return inconclusive("the sandbox could not be used: " + found.sandboxProblem());
        }
        if (!SUCCEEDED.equals(found.restoreState())) {
            if (CAPACITY_STEP.equals(found.restoreFailedStep())) {
                return inconclusive("the sandbox has no room for the restore: " + found.restoreError());
            }
            return failed("the restore failed" + (found.restoreFailedStep() == null ? "" : " at " + found.restoreFailedStep())
                    + ": " + found.restoreError());
        }
        return found.negativeControl() ? negativeControl(found) : drill(found);
    }

    private static Judgement negativeControl(Findings found) {
        if (found.damage().isEmpty()) {
            return failed("the negative control found nothing to damage in the sandbox copy");
        }
        if (!found.unseenDamage().isEmpty()) {
            // each unseen damage says so itself: "no check saw that the negative control deleted ..."
            return failed("the checks cannot see loss: " + String.join("; ", found.unseenDamage()));
        }
        return new Judgement(DrillVerdict.PASSED, "the checks saw every damage done on purpose: " + String.join("; ",
                found.damage().stream().map(SandboxDamage::detail).toList()));
    }

    private static Judgement drill(Findings found) {
        if (found.checks().isEmpty()) {
            return failed("the service has no drill checks: nothing proves the restored data good");
        }
        Optional<CheckResult> bad = found.checks().stream().filter(check -> !check.passed()).findFirst();
        if (bad.isPresent()) {
            CheckResult check = bad.get();
            return failed("check " + check.name() + (check.skipped() ? " was skipped: " : " failed: ") + check.evidence());
        }
        if (found.rtoSeconds() != null && found.rtoSeconds() > found.rto().toSeconds()) {
            return failed("RTO " + Readable.duration(Duration.ofSeconds(found.rtoSeconds())) + " over objective " + found.rto());
        }
        if (found.rpoSeconds() != null && found.rpoSeconds() > found.rpo().toSeconds()) {
            return failed("RPO " + Readable.duration(Duration.ofSeconds(found.rpoSeconds())) + " over objective " + found.rpo());
        }
        return new Judgement(DrillVerdict.PASSED, "restored, " + found.checks().size() + (found.checks().size() == 1
                ? " check" : " checks") + " passed, RTO " + Readable.duration(Duration.ofSeconds(found.rtoSeconds()))
                + " (objective " + found.rto() + ")" + (found.rpoSeconds() == null ? ""
                : ", RPO " + Readable.duration(Duration.ofSeconds(found.rpoSeconds())) + " (objective " + found.rpo() + ")"));
    }

    private static Judgement failed(String reason) {
        return new Judgement(DrillVerdict.FAILED, reason);
    }

    private static Judgement inconclusive(String reason) {
        return new Judgement(DrillVerdict.INCONCLUSIVE, reason);
    }
}
