package io.lifeboat.catalog;

import java.util.List;

/**
 * @param schedule      a Spring cron expression (six fields, seconds first), e.g. {@code 0 0 2 * * *}
 * @param storageTarget the id of a storage target under {@code lifeboat.storage.targets}
 */
public record BackupPolicy(
        Schedule schedule,
        BackupMethod method,
        Retention retention,
        String storageTarget,
        List<BlackoutWindow> blackoutWindows) {
}
