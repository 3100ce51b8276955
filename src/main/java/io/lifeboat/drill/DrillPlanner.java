package io.lifeboat.drill;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.web.ApiRefusal;
import io.lifeboat.web.InputText;

/**
 * Chooses what a drill restores and what its RPO is measured to, or refuses with 4xx naming the field. It writes
 * nothing, so a refused request leaves nothing behind.
 */
@Component
class DrillPlanner {

    static final String BACKUP = "backup";
    static final String POINT_IN_TIME = "point-in-time";

    private static final int MAX_ID = 200;

    private final BackupRepository backups;
    private final DrillProperties properties;
    private final Clock clock;
    private final Random random = new SecureRandom();

    DrillPlanner(BackupRepository backups, DrillProperties properties, Clock clock) {
        this.backups = backups;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param referenceTime what the RPO is measured to: the drill's start for the latest backup, the moment asked for
     *                      by a point in time, and for an older backup the moment the next verified backup finished
     *                      (until then it was the newest one there was), else the drill's start
     */
    record PlannedDrill(BackupRecord backup, Instant pointInTime, String recoveryPoint, Instant referenceTime) {
    }

    /** @param policyRecoveryPoint the service's drillPolicy: what a request without backup or point in time drills */
    PlannedDrill plan(ServiceDefinition service, DrillRequest request, String policyRecoveryPoint) {
        if (request.backupId() != null && request.backupId().length() > MAX_ID) {
            throw invalid("backupId is " + request.backupId().length() + " characters long; at most " + MAX_ID);
        }
        Instant now = clock.instant();
        List<BackupRecord> verified = backups.list(service.id(), BackupStatus.SUCCEEDED).stream()
                .filter(backup -> !backup.deleted() && backup.verified()).toList();
        if (request.backupId() != null) {
            if (request.pointInTime() != null || request.recoveryPoint() != null) {
                throw invalid("give backupId alone, without pointInTime or recoveryPoint");
            }
            BackupRecord backup = chosen(service, request.backupId());
            return new PlannedDrill(backup, null, BACKUP, referenceTime(backup, verified, now));
        }
        if (request.pointInTime() != null) {
            if (request.recoveryPoint() != null) {
                throw invalid("give pointInTime or recoveryPoint, not both");
            }
            Instant at = pointInTime(request.pointInTime(), now);
            BackupRecord backup = verified.stream().filter(one -> !one.finishedAt().isAfter(at))
                    .max(Comparator.comparing(BackupRecord::finishedAt))
                    .orElseThrow(() -> invalid("pointInTime " + at + " is older than every verified backup of " + service.id()));
            return new PlannedDrill(backup, at, POINT_IN_TIME, at);
        }
        String mode = request.recoveryPoint() == null ? policyRecoveryPoint : request.recoveryPoint();
        if (!DrillPolicy.LATEST.equals(mode) && !DrillPolicy.RANDOM.equals(mode)) {
            throw invalid("recoveryPoint " + InputText.quote(mode) + " is not one of latest, random");
        }
        if (verified.isEmpty()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "nothing to drill", service.id() + " has no verified backup to drill");
        }
        if (DrillPolicy.LATEST.equals(mode)) {
            BackupRecord newest = verified.stream().max(Comparator.comparing(BackupRecord::finishedAt)).orElseThrow();
            return new PlannedDrill(newest, null, DrillPolicy.LATEST, now);
        }
        Instant since = now.minus(properties.randomWithin());
        List<BackupRecord> recent = verified.stream().filter(one -> one.finishedAt().isAfter(since))
                .sorted(Comparator.comparing(BackupRecord::finishedAt)).toList();
        if (recent.isEmpty()) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "nothing to drill", service.id() + " has no verified backup finished"
                    + " within " + properties.randomWithin() + " (lifeboat.drill.random-within) to pick at random");
        }
        BackupRecord picked = recent.get(random.nextInt(recent.size()));
        return new PlannedDrill(picked, null, DrillPolicy.RANDOM, referenceTime(picked, verified, now));
    }

    private BackupRecord chosen(ServiceDefinition service, String backupId) {
        BackupRecord backup = backups.find(backupId).orElseThrow(() ->
                new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no backup " + InputText.quote(backupId)));
        if (!backup.service().equals(service.id())) {
            throw invalid("backupId: backup " + backup.id() + " is of service " + backup.service() + ", not " + service.id());
        }
        if (backup.deleted()) {
            throw invalid("backupId: backup " + backup.id() + " was deleted at " + backup.deletedAt());
        }
        if (backup.status() != BackupStatus.SUCCEEDED || !backup.verified()) {
            throw invalid("backupId: backup " + backup.id() + " is " + (backup.status() == BackupStatus.SUCCEEDED
                    ? "not verified" : backup.status()) + "; a drill restores verified backups");
        }
        return backup;
    }

    private static Instant referenceTime(BackupRecord backup, List<BackupRecord> verified, Instant now) {
        return verified.stream().map(BackupRecord::finishedAt).filter(finished -> finished.isAfter(backup.finishedAt()))
                .min(Comparator.naturalOrder()).orElse(now);
    }

    private static Instant pointInTime(String value, Instant now) {
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("pointInTime " + InputText.quote(value) + " is no ISO-8601 instant such as 2026-12-01T09:30:00Z");
        }
        if (at.isAfter(now)) {
            throw invalid("pointInTime " + at + " is in the future");
        }
        return at;
    }

    private static ApiRefusal invalid(String detail) {
        return new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request", detail);
    }
}
