package io.lifeboat.connector.servicenow;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.lifeboat.catalog.Catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowPropertiesTest {

    private static final Catalog EMPTY = new Catalog(List.of(), Path.of("runbooks"));

    @Test
    void withoutUrlServiceNowIsNotConfiguredAndNothingElseIsChecked() {
        ServiceNowProperties properties = bind(Map.of("lifeboat.connectors.servicenow.user", "someone"));

        ServiceNow serviceNow = new ServiceNow(properties, EMPTY, Clock.systemUTC());

        assertThat(serviceNow.configured()).isFalse();
        assertThat(serviceNow.name()).isEqualTo("servicenow");
        assertThat(serviceNow.label()).isEqualTo("ServiceNow");
        assertThatThrownBy(serviceNow::table).isInstanceOf(ServiceNowNotConfigured.class);
    }

    @Test
    void theDefaults() {
        ServiceNowProperties properties = bind(Map.of("lifeboat.connectors.servicenow.url", "https://acme.service-now.com",
                "lifeboat.connectors.servicenow.user", "lifeboat.integration",
                "lifeboat.connectors.servicenow.password-ref", "${env:SERVICENOW_PASSWORD}"));

        assertThat(properties.reopenWithin()).isEqualTo(Duration.ofDays(3));
        assertThat(properties.closeCode()).isEqualTo("Solved (Permanently)");
        assertThat(properties.customerVisibleUpdates()).isFalse();
        assertThat(properties.cmdb().writeBack()).isFalse();
        assertThat(properties.caller()).isNull();
        assertThat(new ServiceNow(properties, EMPTY, Clock.systemUTC()).configured()).isTrue();
    }

    @Test
    void aUrlNeedsCredentialsAndWriteBackItsFields() {
        assertThatThrownBy(() -> bind(Map.of("lifeboat.connectors.servicenow.url", "https://acme.service-now.com")))
                .rootCause().hasMessage("lifeboat.connectors.servicenow: give user and password-ref (basic authentication)"
                        + " or client-id-ref and client-secret-ref (OAuth)");
        assertThatThrownBy(() -> bind(Map.of("lifeboat.connectors.servicenow.url", "https://acme.service-now.com",
                "lifeboat.connectors.servicenow.client-id-ref", "${env:SN_CLIENT}")))
                .rootCause().hasMessage("lifeboat.connectors.servicenow: OAuth needs both client-id-ref and client-secret-ref");
        assertThatThrownBy(() -> bind(Map.of("lifeboat.connectors.servicenow.cmdb.write-back", "true",
                "lifeboat.connectors.servicenow.cmdb.verdict-field", "u_drill_verdict")))
                .rootCause().hasMessageStartingWith("lifeboat.connectors.servicenow.cmdb.write-back needs drill-date-field,"
                        + " verdict-field and rto-field");
    }

    @Test
    void aSecretGivenAsItsValueStopsStartUpNamingTheSettingButNotTheValue() {
        ServiceNowProperties properties = bind(Map.of("lifeboat.connectors.servicenow.url", "https://acme.service-now.com",
                "lifeboat.connectors.servicenow.user", "lifeboat.integration",
                "lifeboat.connectors.servicenow.password-ref", "hunter2"));

        assertThatThrownBy(() -> new ServiceNow(properties, EMPTY, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("lifeboat.connectors.servicenow.password-ref: not a secret reference")
                .hasMessageNotContaining("hunter2");
    }

    private static ServiceNowProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate(ServiceNowProperties.PREFIX, ServiceNowProperties.class);
    }
}
