package io.lifeboat.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.engine.RunbookIds;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository.NewBackup;
import io.lifeboat.backup.BackupRunbook.Blackout;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.storage.StorageTargets;

import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_ENDS_AT;
import static io.lifeboat.backup.BackupRunbook.Variables.BLACKOUT_WINDOW;
import static io.lifeboat.backup.BackupRunbook.Variables.BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.CLAIMED_BY;
import static io.lifeboat.backup.BackupRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.INITIATOR;
import static io.lifeboat.backup.BackupRunbook.Variables.METHOD;
import static io.lifeboat.backup.BackupRunbook.Variables.REASON;
import static io.lifeboat.backup.BackupRunbook.Variables.REFUSAL;
import static io.lifeboat.backup.BackupRunbook.Variables.RUNNING_BACKUP_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.SERVICE_ID;
import static io.lifeboat.backup.BackupRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.backup.BackupRunbook.Variables.TRIGGER;

/** Starting, recording and auditing backups; the {@code backup} runbook's delegates call in here. */
@Service
public class BackupService {


    private final Catalog catalog;
    private final BackupRepository backups;
    private final AuditTrail audit;
    private final BackupMetrics metrics;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;
    private final StorageTargets storageTargets;
    private final BackupHistory history;
    private final BackupSlas slas;
    private final Clock clock;

    public BackupService(Catalog catalog, BackupRepository backups, AuditTrail audit, BackupMetrics metrics,
                         RuntimeService runtime, ApplicationEventPublisher events, StorageTargets storageTargets, BackupHistory history,
                         BackupSlas slas, Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.audit = audit;
        this.metrics = metrics;
        this.runtime = runtime;
        this.events = events;
        this.storageTargets = storageTargets;
        this.history = history;
        this.slas = slas;
        this.clock = clock;
    }

    /**
     * Starts the runbook. Its first steps (policy, blackout, claim) run in this transaction, so the answer already
     * says whether the backup runs, waits for a window's end, was refused or collided with a running one; and a
     * failure leaves nothing behind.
     *
     * @throws io.lifeboat.catalog.UnknownServiceException for a service not in the catalog
     */
    @Transactional
    public Outcome request(String serviceId, BackupTrigger trigger, String reason, String initiator) {
        return request(serviceId, trigger, reason, initiator, null);
    }

    /**
     * As {@link #request(String, BackupTrigger, String, String)}, for an emergency backup of an incident: the backup
     * records the incident, so retention keeps it while the incident is open.
     */
    @Transactional
    public Outcome request(String serviceId, BackupTrigger trigger, String reason, String initiator, String incidentId) {
        return request(serviceId, trigger, reason, initiator, incidentId, null, null);
    }

    /**
     * As {@link #request(String, BackupTrigger, String, String, String)}, with what an incident chose: a storage target
     * other than the policy's, as a commander chooses when the emergency backup to the policy's target failed, and the
     * backup method of the incident's classification.
     *
     * @param storageTarget a configured storage target, or null for the policy's
     * @param method        the backup method to make, or null for the policy's
     */
    @Transactional
    public Outcome request(String serviceId, BackupTrigger trigger, String reason, String initiator, String incidentId,
                           String storageTarget, BackupMethod method) {
        return request(serviceId, trigger, reason, initiator, incidentId, storageTarget, method, null);
    }

    /**
     * A restore's safety backup of the service's current state (trigger {@code pre-restore}), which runs under the
     * restore's claim of the service: the restore keeps every other backup and restore out meanwhile.
     */
    @Transactional
    public Outcome requestSafetyBackup(String serviceId, String restoreId, String reason, String initiator) {
        return request(serviceId, BackupTrigger.PRE_RESTORE, reason, initiator, null, null, null, restoreId);
    }

    private Outcome request(String serviceId, BackupTrigger trigger, String reason, String initiator, String incidentId,
                            String storageTarget, BackupMethod method, String claimedBy) {
        ServiceDefinition service = catalog.require(serviceId);
        if (storageTarget != null) {
            storageTargets.requireConfigured(storageTarget);
        }
        String backupId = RunbookIds.next("bk", service.id(), clock.instant());
        audit.append(new AuditRecord(initiator, "backup.requested", subject(backupId), service.id(), trigger.value(), reason, null));
        VariableMap variables = Variables.createVariables();
        BACKUP_ID.put(variables, backupId);
        SERVICE_ID.put(variables, service.id());
        TRIGGER.put(variables, trigger.value());
        REASON.put(variables, reason);
        INITIATOR.put(variables, initiator);
        if (incidentId != null) {
            INCIDENT_ID.put(variables, incidentId);
        }
        if (storageTarget != null) {
            STORAGE_TARGET.put(variables, storageTarget);
        }
        if (method != null) {
            METHOD.put(variables, method.value());
        }
        if (claimedBy != null) {
            CLAIMED_BY.put(variables, claimedBy);
        }
        ProcessInstanceWithVariables instance = runtime.createProcessInstanceByKey(BackupRunbook.KEY)
                .businessKey(backupId)
                .setVariables(variables)
                .executeWithVariablesInReturn();
        Map<String, Object> result = instance.getVariables();
        Optional<String> refusal = REFUSAL.optionalFrom(result);
        if (refusal.isPresent()) {
            return new Outcome.Refused(refusal.get());
        }
        Optional<String> running = RUNNING_BACKUP_ID.optionalFrom(result);
        if (running.isPresent()) {
            return new Outcome.AlreadyRunning(running.get());
        }
        if (BLACKOUT.optionalFrom(result).filter(Blackout.WAIT.name()::equals).isPresent()) {
            return new Outcome.Deferred(backupId, instance.getId(), BLACKOUT_WINDOW.optionalFrom(result).orElseThrow(),
                    BLACKOUT_ENDS_AT.optionalFrom(result).orElseThrow().toInstant());
        }
        return new Outcome.Started(backupId, instance.getId());
    }

    /**
     * Claims the service for this backup and records it as RUNNING.
     *
     * @param overriddenWindow the blackout window an emergency backup runs in, or null
     * @param incidentId       the incident an emergency backup is taken for, or null
     * @param storageTarget    where the backup goes
     * @param claimedBy        the restore holding the service that this safety backup runs under, or null
     * @return the id of the backup or restore holding the service, when it is not this one
     */
    public Optional<String> claim(String backupId, String serviceId, BackupTrigger trigger, String initiator, String reason,
                                  String processInstanceId, String overriddenWindow, String incidentId, String storageTarget,
                                  String claimedBy) {
        Optional<String> holder = backups.claimHolder(serviceId);
        boolean underRestore = holder.isPresent() && holder.get().equals(claimedBy);
        if (holder.isPresent() && !underRestore) {
            return holder.filter(id -> !id.equals(backupId));
        }
        ServiceDefinition service = catalog.require(serviceId);
        NewBackup backup = new NewBackup(backupId, serviceId, agentsOf(service), trigger, initiator, reason, clock.instant(),
                processInstanceId, incidentId, storageTarget);
        if (underRestore) {
            if (backups.find(backupId).isPresent()) { // the claim step ran before and is retried
                return Optional.empty();
            }
            backups.insert(backup);
        } else {
            backups.claimAndInsert(backup);
        }
        String detail = overriddenWindow == null ? null : "emergency backup overrode blackout window " + overriddenWindow;
        audit.append(new AuditRecord(initiator, "backup.started", subject(backupId), serviceId, trigger.value(), reason, detail));
        return Optional.empty();
    }

    public void recordRefusal(String backupId, String serviceId, BackupTrigger trigger, String initiator, String reason, String refusal) {
        audit.append(new AuditRecord(initiator, "backup.refused", subject(backupId), serviceId, trigger.value(), reason, refusal));
        metrics.outcome(serviceId, "refused");
    }

    public void recordSkip(String backupId, String serviceId, BackupTrigger trigger, String initiator, String reason, String runningId) {
        audit.append(new AuditRecord(initiator, "backup.skipped", subject(backupId), serviceId, trigger.value(), reason,
                backups.describeHolder(runningId) + " of " + serviceId + " is still running"));
        metrics.outcome(serviceId, "skipped");
    }

    /**
     * Sums up what the agents made and marks the backup SUCCEEDED (verified when every artifact passed); a verified
     * one ends its service's open backup SLA breach.
     */
    public BackupRecord recordSuccess(String backupId) {
        List<BackupArtifact> artifacts = backups.artifacts(backupId);
        if (artifacts.isEmpty()) {
            throw new IllegalStateException("backup " + backupId + " has no artifacts to record");
        }
        backups.markSucceeded(backupId,
                join(artifacts, artifact -> artifact.snapshot().snapshotId()),
                methods(artifacts),
                artifacts.stream().mapToLong(artifact -> artifact.snapshot().bytes()).sum(),
                artifacts.stream().mapToLong(artifact -> artifact.snapshot().fileCount()).sum(),
                join(artifacts, artifact -> artifact.snapshot().checksum()),
                artifacts.stream().allMatch(BackupArtifact::verified),
                clock.instant());
        BackupRecord record = require(backupId);
        history.succeeded(backupId, "verified " + record.verified());
        metrics.finished(record, "succeeded", Duration.between(record.startedAt(), record.finishedAt()));
        events.publishEvent(new BackupFinished(backupId, record.service(), record.status(), record.verified(), record.trigger(),
                null, null));
        if (record.verified()) {
            slas.verified(record);
        }
        return record;
    }

    public void auditSuccess(String backupId) {
        BackupRecord record = require(backupId);
        audit.append(new AuditRecord(record.initiator(), "backup.succeeded", subject(backupId), record.service(),
                record.trigger().value(), record.reason(), "snapshot " + record.snapshotId() + " (" + record.method() + "), "
                + record.bytes() + " bytes, " + record.fileCount() + " files, verified " + record.verified()));
    }

    /** @param step the step it failed at, or null when it was cancelled */
    public void recordFailure(String backupId, String step, String reason) {
        history.failed(require(backupId), step, reason);
        BackupRecord record = require(backupId);
        metrics.finished(record, "failed", Duration.between(record.startedAt(), record.finishedAt()));
        events.publishEvent(new BackupFinished(backupId, record.service(), record.status(), false, record.trigger(),
                record.failedStep(), record.error()));
    }

    /** The runbook ended, however: free the service. A backup still RUNNING was cancelled (e.g. in Cockpit). */
    public void release(String backupId) {
        backups.releaseClaim(backupId);
        backups.find(backupId)
                .filter(record -> record.status() == BackupStatus.RUNNING)
                .ifPresent(record -> recordFailure(backupId, null, "the runbook was cancelled before the backup finished"));
    }

    public Optional<BackupRecord> find(String backupId) {
        return backups.find(backupId);
    }

    public List<BackupRecord> list(String serviceId, BackupStatus status) {
        return backups.list(serviceId, status);
    }

    private BackupRecord require(String backupId) {
        return backups.find(backupId).orElseThrow(() -> new IllegalStateException("no backup record " + backupId));
    }

    private static String agentsOf(ServiceDefinition service) {
        return service.dataSources().stream().map(DataSource::agent).distinct().collect(Collectors.joining("+"));
    }

    /** What each agent made, or null when an artifact recorded before agents reported it does not say. */
    private static String methods(List<BackupArtifact> artifacts) {
        return artifacts.stream().anyMatch(artifact -> artifact.snapshot().method() == null) ? null
                : join(artifacts, artifact -> artifact.snapshot().method().value());
    }

    private static String join(List<BackupArtifact> artifacts, java.util.function.Function<BackupArtifact, String> field) {
        return artifacts.stream().map(field).collect(Collectors.joining(","));
    }


    static String subject(String backupId) {
        return "backup/" + backupId;
    }

    /** What became of a request. */
    public sealed interface Outcome {
        record Started(String backupId, String processInstanceId) implements Outcome {
        }

        /** A scheduled backup inside a blackout window; the runbook waits for the window's end. */
        record Deferred(String backupId, String processInstanceId, String window, Instant until) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }

        record AlreadyRunning(String runningBackupId) implements Outcome {
        }
    }
}
