package io.lifeboat.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.restore.RestoreRequest;
import io.lifeboat.restore.RestoreService;
import io.lifeboat.restore.RestoreState;
import io.lifeboat.text.Readable;
import io.lifeboat.web.ApiRefusal;

import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_BACKUP_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.RESTORE_REASON;

/**
 * The restore of its service a commander may ask for on an incident's Assess and Confirm recovery: in place, from one
 * of the service's newest verified backups, carrying the incident. The request goes through the {@code restore}
 * runbook like any other, so it waits there for another commander's approval; the incident does not wait for it.
 */
@Component
class IncidentRestores {

    /** How many backups the forms offer, newest first. */
    static final int OFFERED = 5;

    private final IncidentRepository incidents;
    private final BackupRepository backups;
    private final RestoreService restores;
    private final AuditTrail audit;
    private final TransactionTemplate savepoint;
    private final IncidentMilestones milestones;
    private final Clock clock;

    IncidentRestores(IncidentRepository incidents, BackupRepository backups, RestoreService restores, AuditTrail audit,
                     PlatformTransactionManager transactions, IncidentMilestones milestones, Clock clock) {
        this.incidents = incidents;
        this.backups = backups;
        this.restores = restores;
        this.audit = audit;
        // A refused request rolls back to a savepoint instead of marking the incident step's whole transaction
        // rollback-only, which would fail the step that is meant to record the refusal and go on.
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.milestones = milestones;
        this.clock = clock;
    }

    /** The select's options: each offered backup by when its data was read, its age now and its trigger. */
    SpinJsonNode choices(String serviceId) {
        Instant now = clock.instant();
        SelectOptions choices = new SelectOptions();
        offered(serviceId).forEach(backup -> choices.add("data read " + Readable.time(backup.restorePoint()) + ", "
                + Readable.duration(Duration.between(backup.restorePoint(), now)) + " old, " + backup.trigger().value()
                + ": " + backup.id(), backup.id()));
        return choices.json();
    }

    /**
     * Refuses a pick that is not one of the backups offered (as the records stand now, so a submitted list of
     * choices counts for nothing) or comes without a reason; the task stays open.
     */
    void check(String serviceId, String backupId, String reason) {
        List<String> offered = offered(serviceId).stream().map(BackupRecord::id).toList();
        if (!offered.contains(backupId)) {
            throw new RefusedAnswer(RESTORE_BACKUP_ID.name(), "restoreBackupId '" + backupId + "' is not one of the last verified"
                    + " backups of " + serviceId + " offered: " + (offered.isEmpty() ? "there are none" : offered));
        }
        if (reason == null || reason.isBlank()) {
            throw new RefusedAnswer(RESTORE_REASON.name(), "restoreReason is required to restore " + serviceId
                    + " in place from " + backupId + ": say why");
        }
    }

    /**
     * Asks the {@code restore} runbook to restore the incident's service in place, as the commander who picked the
     * backup. Started or refused, it goes on the incident's timeline and in the audit trail under their name; started,
     * it is the incident's {@code restore-started} milestone.
     */
    void request(String incidentId, String backupId, String reason, String commander) {
        String service = incidents.findWithoutDetails(incidentId).orElseThrow(() -> new UnknownIncidentException(incidentId)).service();
        RestoreRequest request = new RestoreRequest(service, backupId, null, new RestoreRequest.Target(RestoreMode.IN_PLACE.value(), null),
                null, reason.strip(), incidentId, null);
        String asked = "restore of " + service + " in place from " + backupId;
        String text;
        String action;
        boolean refused = false;
        try {
            RestoreService.Started started = savepoint.execute(status -> restores.request(request, commander));
            action = "incident.restore-requested";
            text = asked + " requested: restore " + started.id() + (started.state() == RestoreState.AWAITING_APPROVAL
                    ? ", waiting for another commander's approval (Approve restore in Tasklist)" : ", " + started.state());
        } catch (ApiRefusal refusal) {
            refused = true;
            action = "incident.restore-refused";
            text = asked + " refused (" + refusal.status().value() + " " + refusal.error() + "): " + refusal.getMessage();
        }
        String entry = text + "; reason: " + reason.strip();
        incidents.addTimeline(incidentId, clock.instant(), commander, "restore", entry);
        audit.append(new AuditRecord(commander, action, IncidentService.subject(incidentId), service, null, reason.strip(), text));
        if (!refused) {
            milestones.reached(incidentId, IncidentMilestone.Kind.RESTORE_STARTED, commander, entry, IncidentMilestones.Details.none());
        }
    }

    private List<BackupRecord> offered(String serviceId) {
        return backups.list(serviceId, BackupStatus.SUCCEEDED).stream()
                .filter(BackupRecord::verified).filter(backup -> !backup.deleted())
                .sorted(Comparator.comparing(BackupRecord::restorePoint).reversed())
                .limit(OFFERED).toList();
    }
}
