package io.lifeboat.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with an S3 target that cannot work: settings missing, or a WORM target whose bucket does not have
 * Object Lock and versioning enabled. Without them S3 silently ignores the retention Lifeboat asks for, and backups
 * the policy calls immutable could be deleted.
 */
@Component
public class S3TargetCheck implements InitializingBean {

    private final StorageProperties properties;
    private final S3ObjectStores stores;

    public S3TargetCheck(StorageProperties properties, S3ObjectStores stores) {
        this.properties = properties;
        this.stores = stores;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, StorageProperties.Target> entry : properties.targets().entrySet()) {
            String id = entry.getKey();
            StorageProperties.Target target = entry.getValue();
            if (!target.isS3()) {
                continue;
            }
            List<String> settings = S3ObjectStores.settingsProblems(target);
            if (!settings.isEmpty()) {
                settings.forEach(problem -> problems.add("storage target '" + id + "': " + problem));
            } else if (target.worm() != null) {
                stores.store(id).wormProblems().forEach(problem -> problems.add("storage target '" + id
                        + "' is WORM (" + target.worm().mode() + ") but its bucket '" + target.bucket() + "': " + problem));
            }
        }
        if (!problems.isEmpty()) {
            throw new S3TargetException(problems);
        }
    }
}
