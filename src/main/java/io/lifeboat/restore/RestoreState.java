package io.lifeboat.restore;

/** Where a restore stands; the last four are final. */
public enum RestoreState {
    AWAITING_APPROVAL, RUNNING, SUCCEEDED, FAILED, ROLLED_BACK, REJECTED;

    public boolean open() {
        return this == AWAITING_APPROVAL || this == RUNNING;
    }
}
