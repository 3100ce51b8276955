package io.lifeboat.incident;

public class IncidentAlreadyOpenException extends RuntimeException {

    private final String openIncidentId;

    public IncidentAlreadyOpenException(String serviceId, String openIncidentId) {
        super(serviceId + " already has open incident " + openIncidentId);
        this.openIncidentId = openIncidentId;
    }

    public String openIncidentId() {
        return openIncidentId;
    }
}
