package io.lifeboat.catalog;

public class UnknownServiceException extends RuntimeException {

    public UnknownServiceException(String serviceId) {
        super("no service '" + serviceId + "' in the catalog");
    }
}
