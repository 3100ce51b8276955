package io.lifeboat.connector.pagerduty;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.connector.Connector;
import io.lifeboat.connector.Delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** {@code lifeboat.connectors.pagerduty.*} as Spring binds and checks it at start-up, and the beans it makes. */
class PagerDutyConnectorTest {

    private static final String PREFIX = "lifeboat.connectors.pagerduty.";

    @TempDir
    static Path runbooks;

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Wired.class);

    @Test
    void withoutAnyRoutingKeyTheConnectorIsNotConfiguredAndItsDeliveriesAreThere() {
        context.run(started -> {
            PagerDutyConnector connector = started.getBean(PagerDutyConnector.class);
            assertThat(started.getBean(Connector.class)).isSameAs(connector);
            assertThat(connector.name()).isEqualTo("pagerduty");
            assertThat(connector.label()).isEqualTo("PagerDuty");
            assertThat(connector.configured()).isFalse();
            assertThat(connector.restConfigured()).isFalse();
            assertThat(connector.routingKey("ticket-db")).isEmpty();
            PagerDutyProperties properties = started.getBean(PagerDutyProperties.class);
            assertThat(properties.eventsUrl()).isEqualTo(URI.create("https://events.pagerduty.com"));
            assertThat(properties.apiUrl()).isEqualTo(URI.create("https://api.pagerduty.com"));
            assertThat(started.getBeansOfType(Delivery.class).values()).extracting(Delivery::operation)
                    .containsExactlyInAnyOrder("event.trigger", "event.acknowledge", "event.resolve", "incident.note",
                            "incident.status-update");
        });
    }

    @Test
    void aServiceHasItsOwnRoutingKeyOrTheDefault() throws IOException {
        Files.writeString(runbooks.resolve("pd-ticket-db"), StubPagerDuty.OTHER_ROUTING_KEY);
        context.withPropertyValues(PREFIX + "routing-key-ref=\\${env:PD_ROUTING_KEY}",
                PREFIX + "routing-keys.ticket-db=\\${file:pd-ticket-db}",
                PREFIX + "api-token-ref=\\${env:PD_API_TOKEN}", PREFIX + "from=lifeboat-bot@example.com").run(started -> {
                    PagerDutyConnector connector = started.getBean(PagerDutyConnector.class);
                    assertThat(connector.configured()).isTrue();
                    assertThat(connector.restConfigured()).isTrue();
                    assertThat(connector.routingKey("ticket-db")).get().hasToString("${file:" + runbooks.resolve("pd-ticket-db") + "}");
                    assertThat(connector.routingKey("identity")).get().hasToString("${env:PD_ROUTING_KEY}");
                    assertThat(connector.routingKey("ticket-db").get().value()).isEqualTo(StubPagerDuty.OTHER_ROUTING_KEY);
                });
    }

    @Test
    void aValueThatIsNoSecretReferenceStopsStartUpNamingTheSettingButNotTheValue() {
        context.withPropertyValues(PREFIX + "routing-key-ref=0123456789abcdef0123456789abcdef").run(started -> {
            String messages = messages(started.getStartupFailure());
            assertThat(messages).contains(PREFIX + "routing-key-ref: not a secret reference").doesNotContain("0123456789abcdef");
        });
    }

    @Test
    void aRoutingKeyForAServiceTheCatalogDoesNotHaveStopsStartUp() {
        context.withPropertyValues(PREFIX + "routing-keys.tickets=\\${env:PD_TICKETS}").run(started ->
                assertThat(started).getFailure().rootCause()
                        .hasMessage(PREFIX + "routing-keys.tickets: no catalog service has the id 'tickets'"));
    }

    @Test
    void anApiTokenWithoutTheFromUserStopsStartUp() {
        context.withPropertyValues(PREFIX + "routing-key-ref=\\${env:PD_ROUTING_KEY}", PREFIX + "api-token-ref=\\${env:PD_API_TOKEN}")
                .run(started -> assertThat(started).getFailure().rootCause().hasMessageStartingWith(PREFIX + "from: "));
    }

    /** Every message of the chain, as the start-up log would show them. */
    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PagerDutyProperties.class)
    @Import({PagerDutyConnector.class, PagerDutyConfiguration.class})
    static class Wired {

        @Bean
        Catalog catalog() {
            Catalog catalog = mock(Catalog.class);
            when(catalog.find(anyString())).thenReturn(Optional.empty());
            for (String service : new String[] {"ticket-db", "identity"}) {
                when(catalog.find(service)).thenReturn(Optional.of(mock(ServiceDefinition.class)));
            }
            when(catalog.runbooksDir()).thenReturn(runbooks);
            return catalog;
        }

        @Bean
        ObjectMapper objectMapper() {
            return new ObjectMapper();
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
