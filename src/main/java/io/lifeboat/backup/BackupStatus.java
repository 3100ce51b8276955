package io.lifeboat.backup;

public enum BackupStatus {
    RUNNING, SUCCEEDED, FAILED
}
