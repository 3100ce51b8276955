package io.lifeboat.retention;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.retention.RetentionRepository.Decision;
import io.lifeboat.retention.RetentionRepository.Gate;
import io.lifeboat.retention.RetentionRepository.SweepOutcome;

import static io.lifeboat.db.Sql.fit;

/**
 * The steps of the {@code retention-sweep} runbook: plan every service by its retention rules, let an approver decide
 * on services whose plan deletes more than the maximum fraction of their backups, delete what expired, report.
 */
@Service
public class RetentionSweep {

    /** The actor of the daily sweep and of every deletion a sweep makes. */
    public static final String SYSTEM = "system:retention";

    /**
     * Backups named per service on the approval form and in the decision's audit event, which stay far below the
     * 4,000 characters of a Camunda text variable and an audit event's detail.
     */
    private static final int LISTED_PER_SERVICE = 10;

    private final RetentionPlanner planner;
    private final BackupRepository backups;
    private final RetentionRepository sweeps;
    private final BackupDeletion deletion;
    private final AuditTrail audit;
    private final Clock clock;

    public RetentionSweep(RetentionPlanner planner, BackupRepository backups, RetentionRepository sweeps,
                          BackupDeletion deletion, AuditTrail audit, Clock clock) {
        this.planner = planner;
        this.backups = backups;
        this.sweeps = sweeps;
        this.deletion = deletion;
        this.audit = audit;
        this.clock = clock;
    }

    /** A sweep that did not start because another one was running: audited, nothing else. */
    public void recordSkip(String sweepId, String initiator, String runningSweepId) {
        audit.append(new AuditRecord(initiator, "retention.sweep-skipped", subject(sweepId), null, null, null,
                "sweep " + runningSweepId + " is still running; one sweep runs at a time"));
    }

    /**
     * Records every catalog service's plan, and the services whose plan deletes more than the maximum fraction;
     * a repeated call finds the plan made before.
     *
     * @return whether an approver must decide before anything is deleted
     */
    public boolean plan(String sweepId, String initiator) {
        if (sweeps.startSweep(sweepId, initiator, clock.instant())) {
            for (RetentionPlanner.ServicePlan service : planner.planEveryService()) {
                for (GfsRetention.Decision decision : service.plan().decisions()) {
                    sweeps.addDecision(sweepId, decision.backup().id(), service.service(), decision.keep(),
                            decision.ruleLabels(), decision.reasons());
                }
                if (service.needsApproval()) {
                    sweeps.addGate(sweepId, service.service(), service.plan().decisions().size(),
                            service.plan().expired().size());
                }
            }
            List<Gate> gates = sweeps.gates(sweepId);
            audit.append(new AuditRecord(initiator, "retention.planned", subject(sweepId), null, null, null,
                    sweeps.decisions(sweepId).size() + " backups weighed" + (gates.isEmpty() ? "" : "; waiting for an approver: "
                            + gates.stream().map(gate -> gate.service() + " would delete " + gate.deletions() + " of "
                            + gate.weighed()).collect(Collectors.joining(", ")))));
        }
        return !sweeps.gates(sweepId).isEmpty();
    }

    /** For the approval form: per service over the fraction, how many backups would go of how many, and which. */
    public String deletionsToApprove(String sweepId) {
        Map<String, List<Decision>> expired = sweeps.pendingDeletions(sweepId).stream()
                .collect(Collectors.groupingBy(Decision::service));
        StringBuilder text = new StringBuilder();
        for (Gate gate : sweeps.gates(sweepId)) {
            List<Decision> going = expired.getOrDefault(gate.service(), List.of());
            text.append(gate.service()).append(": ").append(gate.deletions()).append(" of ").append(gate.weighed())
                    .append(" backups would be deleted\n");
            going.stream().limit(LISTED_PER_SERVICE).forEach(decision -> text.append("- ").append(describe(decision.backupId()))
                    .append('\n'));
            if (going.size() > LISTED_PER_SERVICE) {
                text.append("- and ").append(going.size() - LISTED_PER_SERVICE).append(" more\n");
            }
        }
        return text.toString().strip();
    }

    private String describe(String backupId) {
        return backups.find(backupId).map(backup -> backupId + " (" + backup.trigger().value() + ", taken "
                + backup.startedAt().truncatedTo(ChronoUnit.MINUTES) + ")").orElse(backupId);
    }

    /**
     * The approver's decision on the services over the fraction, audited under their name. Rejected, those services'
     * planned deletions are recorded as kept by the rejection, and the delete step passes them by; the other
     * services' deletions go ahead either way.
     */
    public void recordDecision(String sweepId, boolean approved, String decidedBy, String note) {
        sweeps.decideGates(sweepId, approved, decidedBy, note, clock.instant());
        Map<String, List<Decision>> expired = sweeps.pendingDeletions(sweepId).stream()
                .collect(Collectors.groupingBy(Decision::service));
        for (Gate gate : sweeps.gates(sweepId)) {
            List<Decision> going = expired.getOrDefault(gate.service(), List.of());
            if (!approved) {
                going.forEach(decision -> sweeps.recordOutcome(sweepId, decision.backupId(), SweepOutcome.KEPT_REJECTED,
                        "deletion rejected by " + decidedBy + ": " + note));
            }
            audit.append(new AuditRecord(decidedBy, approved ? "retention.deletions-approved" : "retention.deletions-rejected",
                    subject(sweepId), gate.service(), null, fit(note, 2000), gate.deletions() + " of " + gate.weighed()
                    + " backups: " + going.stream().limit(LISTED_PER_SERVICE).map(Decision::backupId).collect(Collectors.joining(", "))
                    + (going.size() > LISTED_PER_SERVICE ? " and " + (going.size() - LISTED_PER_SERVICE) + " more" : "")));
        }
    }

    /**
     * Every backup the plan expires, which DeleteExpired deletes one after the other, always in the same order: the
     * engine reads its collection again for each next backup of the loop. A backup that cannot be deleted (held
     * since the plan, locked by Object Lock, or failing in its agent) is recorded with the reason; the next sweep
     * tries it again, and one broken snapshot does not stop the others.
     */
    public List<String> expiredBackups(String sweepId) {
        return sweeps.decisions(sweepId).stream()
                .filter(decision -> !decision.keep() && decision.outcome() != SweepOutcome.KEPT_REJECTED)
                .map(Decision::backupId).toList();
    }

    /** The agent deleted an expired backup: the record is marked and audited with the rule that expired it. */
    public void recordDeleted(String sweepId, String backupId) {
        Decision expired = sweeps.decision(sweepId, backupId);
        String rule = "retention: " + expired.rules() + ": " + expired.reasons();
        deletion.recordDeleted(backupId, SYSTEM, rule);
        sweeps.recordOutcome(sweepId, backupId, SweepOutcome.DELETED, rule);
    }

    /** An expired backup a legal hold or Object Lock keeps ({@code keptBy}: the runbook's error code). */
    public void recordKept(String sweepId, String backupId, String keptBy, String because) {
        SweepOutcome outcome = switch (keptBy) {
            case RetentionSweepRunbook.ERROR_BACKUP_HELD -> SweepOutcome.KEPT_HELD;
            case RetentionSweepRunbook.ERROR_OBJECT_LOCKED -> SweepOutcome.KEPT_LOCKED;
            default -> throw new IllegalArgumentException("no backup is kept by error " + keptBy);
        };
        sweeps.recordOutcome(sweepId, backupId, outcome, because);
    }

    /** An expired backup the agent could not delete, with the agent's reason. */
    public void recordFailure(String sweepId, String backupId, String reason) {
        sweeps.recordOutcome(sweepId, backupId, SweepOutcome.FAILED, reason);
    }

    /**
     * @return per service how many backups were kept (and by which rules, each backup counted under the first of its
     * rules), how many deleted, what could not be deleted and why, and an approver's rejection
     */
    public String report(String sweepId) {
        Map<String, List<Decision>> byService = sweeps.decisions(sweepId).stream()
                .collect(Collectors.groupingBy(Decision::service, TreeMap::new, Collectors.toList()));
        Map<String, Gate> gates = sweeps.gates(sweepId).stream().collect(Collectors.toMap(Gate::service, gate -> gate));
        StringBuilder report = new StringBuilder();
        byService.forEach((service, decisions) -> {
            long deleted = decisions.stream().filter(decision -> decision.outcome() == SweepOutcome.DELETED).count();
            report.append(service).append(": kept ").append(decisions.size() - deleted).append(keptByRule(decisions))
                    .append(", deleted ").append(deleted);
            decisions.stream().filter(decision -> decision.outcome() != null && decision.outcome() != SweepOutcome.DELETED
                            && decision.outcome() != SweepOutcome.KEPT_REJECTED)
                    .forEach(decision -> report.append("; not deleted ").append(decision.backupId()).append(": ")
                            .append(decision.outcome() == SweepOutcome.FAILED ? "failed, " : "").append(decision.detail()));
            long rejected = decisions.stream().filter(decision -> decision.outcome() == SweepOutcome.KEPT_REJECTED).count();
            if (rejected > 0) {
                Gate gate = gates.get(service);
                report.append("; ").append(rejected).append(" deletions rejected by ").append(gate.decidedBy()).append(": ")
                        .append(gate.note());
            }
            report.append('\n');
        });
        String summary = report.isEmpty() ? "no backups to weigh" : report.toString().strip();
        sweeps.finishSweep(sweepId, clock.instant());
        audit.append(new AuditRecord(SYSTEM, "retention.swept", subject(sweepId), null, null, null, summary));
        return summary;
    }

    /** {@code " (keep-last 3, daily 2)"}: the planned keeps by their first rule, in the rules' order. */
    private static String keptByRule(List<Decision> decisions) {
        Map<String, Long> byFirstRule = decisions.stream().filter(Decision::keep)
                .collect(Collectors.groupingBy(decision -> decision.rules().split(", ")[0], Collectors.counting()));
        String counts = Arrays.stream(GfsRetention.Rule.values()).map(GfsRetention.Rule::label)
                .filter(byFirstRule::containsKey).map(rule -> rule + " " + byFirstRule.get(rule))
                .collect(Collectors.joining(", "));
        return counts.isEmpty() ? "" : " (" + counts + ")";
    }

    static String subject(String sweepId) {
        return "retention-sweep/" + sweepId;
    }
}
