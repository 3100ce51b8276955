package io.lifeboat.intake;

public enum AlertStatus {
    FIRING, RESOLVED
}
