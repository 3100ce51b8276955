package io.lifeboat.retention;

import java.util.List;

import org.springframework.stereotype.Component;

import io.lifeboat.restore.RestoreSteps;
import io.lifeboat.restore.SafetyBackupHolds;

/** A restore's safety backup under a legal hold Lifeboat places itself and lets lapse at the end of its term. */
@Component
class RestoreSafetyHolds implements SafetyBackupHolds {

    private final LegalHoldService holds;

    RestoreSafetyHolds(LegalHoldService holds) {
        this.holds = holds;
    }

    @Override
    public String hold(String backupId, String restoreId) {
        return holds.place(List.of(backupId), null, "restore " + restoreId, "safety backup of restore " + restoreId,
                RestoreSteps.SYSTEM).id();
    }

    @Override
    public void release(String holdId) {
        holds.lapse(holdId, RestoreSteps.SYSTEM);
    }
}
