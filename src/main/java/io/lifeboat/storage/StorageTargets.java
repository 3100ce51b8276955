package io.lifeboat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.stereotype.Service;

/** Where each service's backups go, and whether there is room for the next one. */
@Service
public class StorageTargets {

    /** The next backup is expected to be about as big as the last; half again as much is kept free as margin. */
    static final double REQUIRED_HEADROOM = 1.5;

    private final StorageProperties properties;
    private final FreeSpaceProbe freeSpace;

    public StorageTargets(StorageProperties properties, FreeSpaceProbe freeSpace) {
        this.properties = properties;
        this.freeSpace = freeSpace;
    }

    /** The configured targets' ids, sorted. */
    public SortedSet<String> ids() {
        return new TreeSet<>(properties.targets().keySet());
    }

    /** The service's directory on the target, created when missing. */
    public Path serviceRoot(String targetId, String serviceId) {
        Path root = target(targetId).path().resolve(serviceId).toAbsolutePath().normalize();
        try {
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root + " on storage target '" + targetId + "'", e);
        }
    }

    /**
     * @param lastBackupBytes the size of the service's last backup, or 0 when it has none
     * @return null when there is room, else why not, with the figures
     */
    public String capacityProblem(String targetId, String serviceId, long lastBackupBytes) {
        Path root = serviceRoot(targetId, serviceId);
        long usable = freeSpace.usableBytes(root);
        long needed = (long) Math.ceil(lastBackupBytes * REQUIRED_HEADROOM);
        if (usable >= needed) {
            return null;
        }
        return "storage target '" + targetId + "' (" + root + ") has " + usable + " bytes free; the backup of " + serviceId
                + " needs " + REQUIRED_HEADROOM + " x its last backup (" + lastBackupBytes + " bytes) = " + needed + " bytes";
    }

    /** @throws IllegalArgumentException naming the configured targets, for an id that is none of them */
    public void requireConfigured(String targetId) {
        target(targetId);
    }

    private StorageProperties.Target target(String targetId) {
        StorageProperties.Target target = properties.targets().get(targetId);
        if (target == null) {
            throw new IllegalArgumentException("no storage target '" + targetId + "'; configured: " + properties.targets().keySet());
        }
        return target;
    }
}
