package io.lifeboat.retention;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.incident.Incident;
import io.lifeboat.incident.IncidentRepository;
import io.lifeboat.incident.IncidentState;
import io.lifeboat.retention.RetentionRepository.Decision;
import io.lifeboat.retention.RetentionRepository.SweepOutcome;

/** The steps of the {@code retention-sweep} runbook: plan every service by GFS, delete what expired, report. */
@Service
public class RetentionSweep {

    /** The actor of the daily sweep and of every deletion a sweep makes. */
    public static final String SYSTEM = "system:retention";

    private final Catalog catalog;
    private final BackupRepository backups;
    private final LegalHoldRepository holds;
    private final IncidentRepository incidents;
    private final RetentionRepository sweeps;
    private final BackupDeletion deletion;
    private final AuditTrail audit;
    private final Clock clock;

    public RetentionSweep(Catalog catalog, BackupRepository backups, LegalHoldRepository holds, IncidentRepository incidents,
                          RetentionRepository sweeps, BackupDeletion deletion, AuditTrail audit, Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.holds = holds;
        this.incidents = incidents;
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

    /** Records the GFS plan of every catalog service; a repeated call finds the plan made before. */
    public void plan(String sweepId, String initiator) {
        if (!sweeps.startSweep(sweepId, initiator, clock.instant())) {
            return;
        }
        for (ServiceDefinition service : catalog.services()) {
            Set<String> openIncidents = incidents.list(service.id(), IncidentState.OPEN).stream().map(Incident::id)
                    .collect(Collectors.toSet());
            GfsRetention.Plan plan = GfsRetention.plan(backups.list(service.id(), null), service.backupPolicy().retention(),
                    holds.heldBackupsOf(service.id()), openIncidents);
            for (GfsRetention.Decision decision : plan.decisions()) {
                sweeps.addDecision(sweepId, decision.backup().id(), service.id(), decision.keep(), decision.reasons());
            }
        }
        audit.append(new AuditRecord(initiator, "retention.planned", subject(sweepId), null, null, null,
                sweeps.decisions(sweepId).size() + " backups weighed"));
    }

    /**
     * Deletes every expired backup of the plan not dealt with yet. A backup held since the plan, or whose objects
     * Object Lock still protects, is kept; one an agent cannot delete is recorded with the agent's reason. The next
     * sweep tries both again, and one broken snapshot does not stop the others.
     */
    public void deleteExpired(String sweepId) {
        for (Decision expired : sweeps.pendingDeletions(sweepId)) {
            try {
                BackupDeletion.Result result = deletion.delete(expired.backupId(), SYSTEM, "retention: " + expired.reasons());
                sweeps.recordOutcome(sweepId, expired.backupId(), outcomeOf(result.outcome()), result.detail());
            } catch (AgentException e) {
                sweeps.recordOutcome(sweepId, expired.backupId(), SweepOutcome.FAILED, e.getMessage());
            }
        }
    }

    private static SweepOutcome outcomeOf(BackupDeletion.Outcome outcome) {
        return switch (outcome) {
            case HELD -> SweepOutcome.KEPT_HELD;
            case LOCKED -> SweepOutcome.KEPT_LOCKED;
            case DELETED, ALREADY_DELETED -> SweepOutcome.DELETED;
        };
    }

    /** @return per service what was kept and deleted, and what could not be deleted and why */
    public String report(String sweepId) {
        Map<String, List<Decision>> byService = sweeps.decisions(sweepId).stream()
                .collect(Collectors.groupingBy(Decision::service, TreeMap::new, Collectors.toList()));
        StringBuilder report = new StringBuilder();
        byService.forEach((service, decisions) -> {
            long deleted = decisions.stream().filter(decision -> decision.outcome() == SweepOutcome.DELETED).count();
            report.append(service).append(": kept ").append(decisions.size() - deleted).append(", deleted ").append(deleted);
            decisions.stream().filter(decision -> decision.outcome() != null && decision.outcome() != SweepOutcome.DELETED)
                    .forEach(decision -> report.append("; not deleted ").append(decision.backupId()).append(": ")
                            .append(decision.outcome() == SweepOutcome.FAILED ? "failed, " : "").append(decision.detail()));
            report.append('\n');
        });
        String summary = report.isEmpty() ? "no backups to weigh" : report.toString().strip();
        sweeps.finishSweep(sweepId, clock.instant());
        audit.append(new AuditRecord(SYSTEM, "retention.swept", subject(sweepId), null, null, null, summary));
        return summary;
    }

    static String subject(String sweepId) {
        return "retention-sweep/" + sweepId;
    }
}
