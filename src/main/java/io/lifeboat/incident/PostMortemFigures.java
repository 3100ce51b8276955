package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * What an incident achieved against its service's objectives, measured from the incident and the service's backups.
 *
 * @param backupsDuring      backups started while the incident was open, oldest first
 * @param lastGoodBackup     the last successful backup started before the incident opened; empty when there was none
 * @param timeToFirstBackup  first backup start minus incident open; empty when no backup ran during the incident
 * @param timeToRecovery     resolved minus opened: the RTO achieved
 * @param rpoAchieved        incident open minus the start of the last good backup (a backup holds the data as of
 *                           its start); empty when there was no good backup, which misses any RPO
 */
public record PostMortemFigures(
        List<BackupRecord> backupsDuring,
        Optional<BackupRecord> lastGoodBackup,
        Optional<Duration> timeToFirstBackup,
        Duration timeToRecovery,
        Optional<Duration> rpoAchieved,
        Duration rtoObjective,
        Duration rpoObjective) {

    /**
     * @param backups the service's backups, any order and status
     * @throws IllegalStateException naming the incident when it is not resolved yet
     */
    public static PostMortemFigures of(Incident incident, ServiceDefinition service, List<BackupRecord> backups) {
        if (incident.resolvedAt() == null) {
            throw new IllegalStateException("incident " + incident.id() + " is not resolved: a post-mortem measures a finished incident");
        }
        Instant opened = incident.openedAt();
        Instant resolved = incident.resolvedAt();
        List<BackupRecord> during = backups.stream()
                .filter(backup -> !backup.startedAt().isBefore(opened) && !backup.startedAt().isAfter(resolved))
                .sorted(Comparator.comparing(BackupRecord::startedAt))
                .toList();
        Optional<BackupRecord> lastGood = backups.stream()
                .filter(backup -> backup.status() == BackupStatus.SUCCEEDED && backup.restorePoint().isBefore(opened))
                .max(Comparator.comparing(BackupRecord::restorePoint));
        return new PostMortemFigures(during, lastGood,
                during.stream().findFirst().map(first -> Duration.between(opened, first.startedAt())),
                Duration.between(opened, resolved),
                lastGood.map(backup -> Duration.between(backup.restorePoint(), opened)),
                service.rto(), service.rpo());
    }

    public boolean rtoMet() {
        return timeToRecovery.compareTo(rtoObjective) <= 0;
    }

    public boolean rpoMet() {
        return rpoAchieved.map(achieved -> achieved.compareTo(rpoObjective) <= 0).orElse(false);
    }

    /** How long a backup took; empty while it is still running. */
    public static Optional<Duration> duration(BackupRecord backup) {
        return Optional.ofNullable(backup.finishedAt()).map(finished -> Duration.between(backup.startedAt(), finished));
    }
}
