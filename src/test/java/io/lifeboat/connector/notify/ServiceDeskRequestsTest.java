package io.lifeboat.connector.notify;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.connector.Outbox;
import io.lifeboat.connector.pagerduty.PagerDutyConnector;
import io.lifeboat.connector.pagerduty.PagerDutyProperties;
import io.lifeboat.connector.servicenow.ServiceNow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A page opened by the Events API takes notes and status updates only through the REST API, which needs its own
 * token and {@code From} user: with a routing key alone, a note would wait in the outbox for settings that never come.
 */
class ServiceDeskRequestsTest {

    private static final URI PAGERDUTY = URI.create("https://events.pagerduty.com");

    @Test
    void aPageTakesNotesOnlyWhenPagerDutysRestApiIsSetUp() {
        Outbox outbox = mock(Outbox.class);
        when(outbox.queued(any(), eq(PagerDutyConnector.EVENT_TRIGGER), eq("INC-1"))).thenReturn(true);

        ServiceDeskRequests eventsOnly = requests(outbox, null, null);
        ServiceDeskRequests withRest = requests(outbox, "${env:PD_TOKEN}", "lifeboat-bot@example.com");

        assertThat(eventsOnly.paged("INC-1")).isTrue();
        assertThat(eventsOnly.pageTakesNotes("INC-1")).isFalse();
        assertThat(withRest.pageTakesNotes("INC-1")).isTrue();
        assertThat(withRest.pageTakesNotes("INC-2")).as("never paged").isFalse();
    }

    private static ServiceDeskRequests requests(Outbox outbox, String apiTokenRef, String from) {
        Catalog catalog = mock(Catalog.class);
        when(catalog.runbooksDir()).thenReturn(Path.of("."));
        PagerDutyConnector pagerDuty = new PagerDutyConnector(new PagerDutyProperties("${env:PD_ROUTING_KEY}", Map.of(),
                apiTokenRef, from, PAGERDUTY, PAGERDUTY, Duration.ofSeconds(5), Duration.ofSeconds(10)), catalog);
        return new ServiceDeskRequests(outbox, mock(ServiceNow.class), pagerDuty, new ObjectMapper());
    }
}
