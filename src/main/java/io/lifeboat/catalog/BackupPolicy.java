package io.lifeboat.catalog;

import java.util.List;

import io.lifeboat.agent.spi.BackupMethod;

/**
 * @param schedule      a Spring cron expression (six fields, seconds first), e.g. {@code 0 0 2 * * *}
 * @param storageTarget         the id of a storage target under {@code lifeboat.storage.targets}
 * @param incidentStorageTarget where emergency backups go, so an incident's evidence is kept apart from the routine
 *                              pool (and survives that pool filling up); the normal target when the catalog omits it
 */
public record BackupPolicy(
        Schedule schedule,
        BackupMethod method,
        Retention retention,
        String storageTarget,
        String incidentStorageTarget,
        List<BlackoutWindow> blackoutWindows) {

    public String storageTargetFor(boolean emergency) {
        return emergency ? incidentStorageTarget : storageTarget;
    }
}
