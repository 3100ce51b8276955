package io.lifeboat.restore;

/**
 * Legal holds on restores' safety backups, as the {@code retention} package keeps them; an interface here so restores
 * need not know retention (which knows incidents, which start restores).
 */
public interface SafetyBackupHolds {

    /** Holds the safety backup of the restore until {@link #release}; returns the hold's id. */
    String hold(String backupId, String restoreId);

    /** The hold's term is over: retention decides about the backup from now on. Releasing it again does nothing. */
    void release(String holdId);
}
