package io.lifeboat.incident;

public class UnknownIncidentException extends RuntimeException {

    public UnknownIncidentException(String incidentId) {
        super("no incident '" + incidentId + "'");
    }
}
