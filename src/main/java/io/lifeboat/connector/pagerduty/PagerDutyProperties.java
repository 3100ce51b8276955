package io.lifeboat.connector.pagerduty;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PagerDuty connector ({@code lifeboat.connectors.pagerduty.*}). Every secret is a reference
 * ({@code ${env:NAME}} or {@code ${file:/path}}, a relative path against the runbooks directory), written
 * {@code \${...}} in Spring configuration so Spring leaves it to Lifeboat; {@link PagerDutyConnector} checks them at
 * start-up. Without any routing key the connector is not configured.
 *
 * @param routingKeyRef  the Events API v2 integration key (32 characters) used for a service without one of its own
 * @param routingKeys    integration keys by catalog service id: a service's events go to its own PagerDuty service
 * @param apiTokenRef    a REST API token, for notes and status updates on the incidents the events opened
 * @param from           the email of the PagerDuty user the REST writes are made as; required with an API token
 * @param eventsUrl      the Events API; another URL only for a proxy or a test
 * @param apiUrl         the REST API; another URL only for a proxy, PagerDuty's EU service region or a test
 * @param connectTimeout how long a connection may take to open
 * @param readTimeout    how long an answer may take; past it the call has no answer and is tried again later
 */
@ConfigurationProperties("lifeboat.connectors.pagerduty")
public record PagerDutyProperties(
        String routingKeyRef,
        @DefaultValue Map<String, String> routingKeys,
        String apiTokenRef,
        String from,
        @DefaultValue("https://events.pagerduty.com") URI eventsUrl,
        @DefaultValue("https://api.pagerduty.com") URI apiUrl,
        @DefaultValue("PT5S") Duration connectTimeout,
        @DefaultValue("PT10S") Duration readTimeout) {

    static final String PREFIX = "lifeboat.connectors.pagerduty.";
}
