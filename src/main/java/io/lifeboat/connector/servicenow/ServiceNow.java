package io.lifeboat.connector.servicenow;

import java.time.Clock;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.connector.Connector;
import io.lifeboat.secret.SecretReference;
import io.lifeboat.servicenow.ServiceNowInstance;

/**
 * The ServiceNow connector: its settings and, when configured, the instance's Table API. Secret references are
 * checked here at start-up (a relative {@code file:} path is found in the runbooks directory, as every secret's), so a
 * malformed one stops Lifeboat naming the setting; their values are read only when a request is signed.
 */
@Component
public class ServiceNow implements Connector {

    public static final String NAME = "servicenow";

    /**
     * ServiceNow's answers, read leniently: Lifeboat's own API mapper refuses unknown fields, and an instance may add
     * fields to any answer.
     */
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ServiceNowProperties properties;
    private final ServiceNowTable table;

    public ServiceNow(ServiceNowProperties properties, Catalog catalog, Clock clock) {
        this.properties = properties;
        this.table = properties.configured() ? new ServiceNowTable(instance(properties, catalog).tableApi(JSON, clock)) : null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "ServiceNow";
    }

    @Override
    public boolean configured() {
        return table != null;
    }

    public ServiceNowProperties properties() {
        return properties;
    }

    /** @throws ServiceNowNotConfigured when it is not */
    ServiceNowTable table() {
        if (table == null) {
            throw new ServiceNowNotConfigured();
        }
        return table;
    }

    private static ServiceNowInstance instance(ServiceNowProperties properties, Catalog catalog) {
        return new ServiceNowInstance(properties.url(), properties.user(),
                secret(properties.passwordRef(), "password-ref", catalog),
                secret(properties.clientIdRef(), "client-id-ref", catalog),
                secret(properties.clientSecretRef(), "client-secret-ref", catalog),
                properties.connectTimeout(), properties.readTimeout());
    }

    private static SecretReference secret(String reference, String setting, Catalog catalog) {
        return reference == null ? null
                : SecretReference.ofSetting(reference, ServiceNowProperties.PREFIX + "." + setting, catalog.runbooksDir());
    }
}
