package io.lifeboat.connector.pagerduty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.connector.Connector;
import io.lifeboat.http.FeignClients;
import io.lifeboat.secret.SecretReference;

/**
 * PagerDuty as Lifeboat reaches it: the Events API v2 with an integration key per catalog service or a default one,
 * and the REST API with an API token and the user its writes are made as. The settings are checked when Lifeboat
 * starts: a malformed secret reference, a routing key for a service the catalog does not have, or an API token
 * without {@code from} stops start-up naming the property. Secrets stay references until a request is made.
 */
@Component
public class PagerDutyConnector implements Connector {

    public static final String NAME = "pagerduty";
    // the outbox operations of this connector's deliveries
    public static final String EVENT_TRIGGER = "event.trigger";
    public static final String EVENT_ACKNOWLEDGE = "event.acknowledge";
    public static final String EVENT_RESOLVE = "event.resolve";
    public static final String INCIDENT_NOTE = "incident.note";
    public static final String INCIDENT_STATUS_UPDATE = "incident.status-update";

    private final PagerDutyProperties properties;
    private final SecretReference defaultRoutingKey;
    private final Map<String, SecretReference> routingKeys = new LinkedHashMap<>();
    private final SecretReference apiToken;

    @Autowired
    public PagerDutyConnector(PagerDutyProperties properties, Catalog catalog) {
        this(properties, serviceId -> catalog.find(serviceId).isPresent(), catalog.runbooksDir());
    }

    /**
     * @param knownService whether a catalog service has this id
     * @param secretsBase  where relative {@code file:} references are found
     */
    PagerDutyConnector(PagerDutyProperties properties, Predicate<String> knownService, Path secretsBase) {
        this.properties = properties;
        String prefix = PagerDutyProperties.PREFIX;
        this.defaultRoutingKey = properties.routingKeyRef() == null ? null
                : SecretReference.ofSetting(properties.routingKeyRef(), prefix + "routing-key-ref", secretsBase);
        properties.routingKeys().forEach((serviceId, reference) -> {
            if (!knownService.test(serviceId)) {
                throw new IllegalStateException(prefix + "routing-keys." + serviceId + ": no catalog service has the id '"
                        + serviceId + "'");
            }
            routingKeys.put(serviceId, SecretReference.ofSetting(reference, prefix + "routing-keys." + serviceId, secretsBase));
        });
        this.apiToken = properties.apiTokenRef() == null ? null
                : SecretReference.ofSetting(properties.apiTokenRef(), prefix + "api-token-ref", secretsBase);
        if (apiToken != null && (properties.from() == null || !properties.from().contains("@"))) {
            throw new IllegalStateException(prefix + "from: the email of the PagerDuty user that notes and status updates"
                    + " are written as is required with " + prefix + "api-token-ref");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "PagerDuty";
    }

    /** Configured once there is any routing key: without one, nothing can be paged. */
    @Override
    public boolean configured() {
        return defaultRoutingKey != null || !routingKeys.isEmpty();
    }

    /**
     * The integration key the events of a service go to: its own, else the default. Every event about one incident
     * must use the same key (PagerDuty matches acknowledge and resolve to the trigger by routing key and dedup key),
     * which holds as long as the settings do.
     */
    public Optional<SecretReference> routingKey(String serviceId) {
        return Optional.ofNullable(routingKeys.getOrDefault(serviceId, defaultRoutingKey));
    }

    /** Whether notes and status updates can be written: an API token (and with it {@code from}) is set. */
    public boolean restConfigured() {
        return apiToken != null;
    }

    /** The Events API; the routing key travels in each event's body, so the client adds no credentials. */
    PagerDutyEventsApi eventsApi(ObjectMapper json, Clock clock) {
        return FeignClients.json(json, properties.connectTimeout(), properties.readTimeout(), new PagerDutyEventsErrors(json, clock))
                .target(PagerDutyEventsApi.class, base(properties.eventsUrl().toString()));
    }

    /** The REST API, each request signed with the token (read then) and made as {@code from}. */
    PagerDutyRestApi restApi(ObjectMapper json, Clock clock) {
        return restApi(properties, apiToken, json, clock);
    }

    /** @param apiToken null when none is configured: then every request fails before it is sent */
    static PagerDutyRestApi restApi(PagerDutyProperties properties, SecretReference apiToken, ObjectMapper json, Clock clock) {
        return FeignClients.json(json, properties.connectTimeout(), properties.readTimeout(), new PagerDutyRestErrors(json, clock))
                .requestInterceptor(new PagerDutyRestSignIn(apiToken, properties.from()))
                .target(PagerDutyRestApi.class, base(properties.apiUrl().toString()));
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
