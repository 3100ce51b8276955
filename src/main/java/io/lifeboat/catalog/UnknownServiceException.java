package io.lifeboat.catalog;

import org.springframework.http.HttpStatus;

import io.lifeboat.web.ApiRefusal;

/** A service id the catalog does not have; the API answers it with 404. */
public class UnknownServiceException extends ApiRefusal {

    public UnknownServiceException(String serviceId) {
        super(HttpStatus.NOT_FOUND, "not found", "no service '" + serviceId + "' in the catalog");
    }
}
