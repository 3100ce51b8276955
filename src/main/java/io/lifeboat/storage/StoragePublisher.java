package io.lifeboat.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

/**
 * Copies what an agent wrote into an S3 target's local staging directory to the target's bucket, and removes it
 * again for retention. Keys mirror the staging layout: {@code <prefix>/<serviceId>/<path relative to the service
 * root>}, so {@code files/<ds>/<backupId>.tar.gz} of service {@code ticket-db} becomes
 * {@code <prefix>/ticket-db/files/<ds>/<backupId>.tar.gz}. A file system target needs neither: the agent's files are
 * already in place, and both methods do nothing for it.
 */
@Service
public class StoragePublisher {

    private final StorageProperties properties;
    private final StorageTargets targets;
    private final S3ObjectStores stores;

    public StoragePublisher(StorageProperties properties, StorageTargets targets, S3ObjectStores stores) {
        this.properties = properties;
        this.targets = targets;
        this.stores = stores;
    }

    /**
     * Uploads the files in the given order; list a manifest after the data it describes, so that a manifest in the
     * bucket always means its archive is complete there.
     *
     * @return the object keys, in the order of {@code files}; empty for a file system target
     */
    public List<String> publish(String targetId, String serviceId, List<Path> files) {
        if (!isS3(targetId)) {
            return List.of();
        }
        List<String> keys = keys(targetId, serviceId, files);
        S3ObjectStore store = stores.store(targetId);
        for (int i = 0; i < files.size(); i++) {
            store.upload(keys.get(i), files.get(i));
        }
        return keys;
    }

    /** The object keys {@link #publish} uses for the files, in their order; empty for a file system target. */
    public List<String> keys(String targetId, String serviceId, List<Path> files) {
        if (!isS3(targetId)) {
            return List.of();
        }
        Path serviceRoot = targets.serviceRoot(targetId, serviceId);
        return files.stream().map(file -> key(targetId, serviceId, serviceRoot, file)).toList();
    }

    /**
     * Deletes the objects with all their versions, stopping at the first locked one: the objects of one backup were
     * uploaded together with the same retention, so the rest are locked too.
     *
     * @throws ObjectLockedException when an object is still under retention or legal hold
     */
    public void unpublish(String targetId, List<String> keys) {
        if (!isS3(targetId)) {
            return;
        }
        S3ObjectStore store = stores.store(targetId);
        keys.forEach(store::delete);
    }

    /** @throws IllegalArgumentException when the target is not configured */
    public boolean isS3(String targetId) {
        StorageProperties.Target target = properties.targets().get(targetId);
        if (target == null) {
            throw new IllegalArgumentException("no storage target '" + targetId + "'; configured: " + properties.targets().keySet());
        }
        return target.isS3();
    }

    private String key(String targetId, String serviceId, Path serviceRoot, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(serviceRoot) || absolute.equals(serviceRoot)) {
            throw new IllegalArgumentException(file + " is not a file under " + serviceRoot + ", the staging directory of "
                    + serviceId + " on storage target '" + targetId + "'");
        }
        List<String> parts = new ArrayList<>();
        String prefix = properties.targets().get(targetId).prefix();
        if (!prefix.isEmpty()) {
            parts.add(prefix);
        }
        parts.add(serviceId);
        serviceRoot.relativize(absolute).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
