package io.lifeboat.retention;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.backup.BackupExecution.StoredObjects;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.storage.S3ObjectStore;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageException;
import io.lifeboat.storage.StorageProperties;

/**
 * Mirrors Lifeboat's legal holds onto the S3 objects of the backups they cover, so that the bucket itself refuses
 * their deletion, also to anyone who goes around Lifeboat. Only WORM targets take them: S3 accepts a legal hold only
 * in a bucket with Object Lock, which Lifeboat checks at start-up for those targets alone. Elsewhere Lifeboat's own
 * hold is the protection, and the summary says so.
 */
@Component
class ObjectLegalHolds {

    private final BackupRepository backups;
    private final BackupExecution execution;
    private final StorageProperties storage;
    private final S3ObjectStores stores;

    ObjectLegalHolds(BackupRepository backups, BackupExecution execution, StorageProperties storage, S3ObjectStores stores) {
        this.backups = backups;
        this.execution = execution;
        this.storage = storage;
        this.stores = stores;
    }

    /**
     * Sets or lifts the legal hold on every object of the backups that have objects: succeeded and not deleted.
     *
     * @return what was done, for the audit trail; empty when none of the backups is on an S3 target
     * @throws StorageException when S3 refuses or cannot be reached, naming the object
     */
    String set(Collection<String> backupIds, boolean on) {
        Map<String, Integer> objectsPerTarget = new TreeMap<>();
        Set<String> retiredTargets = new TreeSet<>();
        for (String backupId : backupIds) {
            Optional<BackupRecord> backup = backups.find(backupId)
                    .filter(record -> record.status() == BackupStatus.SUCCEEDED && !record.deleted());
            if (backup.isEmpty()) {
                continue;
            }
            if (onRetiredTarget(backup.get())) {
                retiredTargets.add(backup.get().storageTarget());
                continue;
            }
            StoredObjects objects = storedObjects(backup.get());
            if (!objects.keys().isEmpty() && isWorm(objects.target())) {
                S3ObjectStore store = stores.store(objects.target());
                objects.keys().forEach(key -> store.setLegalHold(key, on));
            }
            objectsPerTarget.merge(objects.target(), objects.keys().size(), Integer::sum);
        }
        String summary = summary(objectsPerTarget, on);
        if (retiredTargets.isEmpty()) {
            return summary;
        }
        return (summary.isEmpty() ? "" : summary + "; ") + "storage target " + String.join(", ", retiredTargets)
                + " is no longer configured, so its objects were not asked about";
    }

    /**
     * What keeps a backup's objects from being deleted now: Object Lock retention or an S3 legal hold, asked of any S3
     * target, since a bucket's default retention locks objects without Lifeboat asking for it.
     */
    Optional<String> lockOn(BackupRecord backup) {
        if (onRetiredTarget(backup)) {
            return Optional.empty();
        }
        StoredObjects objects = storedObjects(backup);
        if (objects.keys().isEmpty()) {
            return Optional.empty();
        }
        S3ObjectStore store = stores.store(objects.target());
        return objects.keys().stream().map(store::lock).flatMap(Optional::stream).findFirst();
    }

    /**
     * Recorded on a target since removed from the settings: a hold must still be placed on it (Lifeboat's own hold
     * keeps it), rather than fail for want of a bucket to ask.
     */
    private boolean onRetiredTarget(BackupRecord backup) {
        return backup.storageTarget() != null && !storage.targets().containsKey(backup.storageTarget());
    }

    private StoredObjects storedObjects(BackupRecord backup) {
        try {
            return execution.storedObjects(backup, backups.artifacts(backup.id()));
        } catch (AgentException e) {
            throw new StorageException("cannot tell which objects hold backup " + backup.id() + ": " + e.getMessage(), e);
        }
    }

    private boolean isWorm(String targetId) {
        return storage.targets().get(targetId).worm() != null;
    }

    private String summary(Map<String, Integer> objectsPerTarget, boolean on) {
        List<String> parts = objectsPerTarget.entrySet().stream()
                .filter(entry -> entry.getValue() > 0 && (on || isWorm(entry.getKey())))
                .map(entry -> isWorm(entry.getKey())
                        ? "S3 legal hold " + (on ? "ON" : "OFF") + " for " + entry.getValue() + " objects on target " + entry.getKey()
                        : "target " + entry.getKey() + " has no Object Lock, so Lifeboat's hold alone keeps its "
                                + entry.getValue() + " objects")
                .toList();
        return String.join("; ", parts);
    }
}
