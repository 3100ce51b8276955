package io.lifeboat.incident;

public enum IncidentState {
    OPEN, RESOLVED
}
