package io.lifeboat.connector.servicenow;

import org.springframework.http.HttpStatus;

import io.lifeboat.web.ApiRefusal;

/** A request that needs ServiceNow while {@code lifeboat.connectors.servicenow.url} is not set: 409, saying so. */
public class ServiceNowNotConfigured extends ApiRefusal {

    public ServiceNowNotConfigured() {
        super(HttpStatus.CONFLICT, "not configured", "ServiceNow not configured: set " + ServiceNowProperties.PREFIX
                + ".url and its credentials");
    }
}
