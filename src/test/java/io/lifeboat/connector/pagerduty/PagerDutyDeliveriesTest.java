package io.lifeboat.connector.pagerduty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;

import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.JSON;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.bodies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The five deliveries as the outbox calls them, redelivery included, against the stub. */
class PagerDutyDeliveriesTest {

    private final StubPagerDuty pagerDuty = new StubPagerDuty();
    private final PagerDutyConfiguration configuration = new PagerDutyConfiguration();
    private Delivery trigger;
    private Delivery acknowledge;
    private Delivery resolve;
    private Delivery note;
    private Delivery statusUpdate;

    @BeforeEach
    void deliveries(@TempDir Path runbooks) throws IOException {
        Files.createDirectories(runbooks.resolve("secrets"));
        // the service's key as its file holds it, with the newline an editor leaves
        Files.writeString(runbooks.resolve("secrets/pd-ticket-db"), StubPagerDuty.OTHER_ROUTING_KEY + "\n");
        Files.writeString(runbooks.resolve("secrets/pd-default"), StubPagerDuty.ROUTING_KEY);
        Files.writeString(runbooks.resolve("secrets/pd-token"), StubPagerDuty.API_TOKEN + "\n");
        PagerDutyConnector connector = new PagerDutyConnector(PagerDutyTestClients.properties(pagerDuty,
                "${file:secrets/pd-default}", Map.of("ticket-db", "${file:secrets/pd-ticket-db}"),
                "${file:secrets/pd-token}", StubPagerDuty.FROM), Set.of("ticket-db", "identity")::contains, runbooks);
        PagerDutyEvents events = configuration.pagerDutyEvents(connector, JSON, Clock.systemUTC());
        PagerDutyIncidents incidents = configuration.pagerDutyIncidents(connector, JSON, Clock.systemUTC());
        trigger = configuration.pagerDutyTrigger(connector, events);
        acknowledge = configuration.pagerDutyAcknowledge(connector, events);
        resolve = configuration.pagerDutyResolve(connector, events);
        note = configuration.pagerDutyNote(incidents);
        statusUpdate = configuration.pagerDutyStatusUpdate(incidents);
    }

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    @Test
    void eachDeliveryNamesItsConnectorAndOperation() {
        assertThat(List.of(trigger, acknowledge, resolve, note, statusUpdate))
                .allSatisfy(delivery -> assertThat(delivery.connector()).isEqualTo("pagerduty"))
                .extracting(Delivery::operation)
                .containsExactly("event.trigger", "event.acknowledge", "event.resolve", "incident.note", "incident.status-update");
    }

    @Test
    void aTriggerDeliveredTwiceIsOnePagerDutyIncidentOnTheServicesOwnKey() {
        OutboxMessage message = message(1, "event.trigger", "INC-7", triggerPayload("ticket-db"));

        String first = trigger.deliver(message);
        String again = trigger.deliver(again(message));

        assertThat(first).isEqualTo("INC-7").isEqualTo(again);
        assertThat(pagerDuty.incidents("INC-7")).singleElement().satisfies(incident -> {
            assertThat(incident.routingKey()).isEqualTo(StubPagerDuty.OTHER_ROUTING_KEY);
            assertThat(incident.alerts()).isEqualTo(2);
        });
        assertThat(bodies(pagerDuty, "POST", "/v2/enqueue").get(0)).isEqualTo(PagerDutyTestClients.json("""
                {"routing_key": "fedcba9876543210fedcba9876543210", "event_action": "trigger", "dedup_key": "INC-7",
                 "payload": {"summary": "ticket-db: data corruption", "source": "ticket-db", "severity": "critical",
                             "custom_details": {"incident": "INC-7", "classification": "data-corruption"}},
                 "client": "Lifeboat", "client_url": "https://lifeboat.example/incidents/INC-7"}
                """));
    }

    @Test
    void acknowledgeAndResolveUseTheTriggersRoutingKeyAndAResolvedAlertTriggeredAgainIsANewIncident() {
        trigger.deliver(message(1, "event.trigger", "fp-1", triggerPayload("identity")));
        acknowledge.deliver(message(2, "event.acknowledge", "fp-1", service("identity")));
        assertThat(pagerDuty.incidents("fp-1")).singleElement().extracting(StubPagerDuty.Incident::status).isEqualTo("acknowledged");

        resolve.deliver(message(3, "event.resolve", "fp-1", service("identity")));
        ObjectNode againPayload = triggerPayload("identity").put("dedupKey", "fp-1");
        trigger.deliver(message(4, "event.trigger", "fp-1:2", againPayload));

        assertThat(pagerDuty.incidents("fp-1")).extracting(StubPagerDuty.Incident::routingKey, StubPagerDuty.Incident::status)
                .containsExactly(tuple(StubPagerDuty.ROUTING_KEY, "resolved"),
                        tuple(StubPagerDuty.ROUTING_KEY, "triggered"));
    }

    @Test
    void aNoteAndAStatusUpdateDeliveredTwiceArePostedOnce() {
        trigger.deliver(message(1, "event.trigger", "INC-7", triggerPayload("ticket-db")));
        String incidentId = pagerDuty.incidents("INC-7").get(0).id();
        OutboxMessage noteMessage = message(2, "incident.note", "INC-7:emergency-backup",
                JSON.createObjectNode().put("dedupKey", "INC-7").put("content", "Emergency backup bk-9 verified"));
        OutboxMessage updateMessage = message(3, "incident.status-update", "INC-7:update:1",
                JSON.createObjectNode().put("dedupKey", "INC-7").put("message", "ticket-db is being restored; next update 14:30 UTC"));

        String noteId = note.deliver(noteMessage);
        String noteAgain = note.deliver(again(noteMessage));
        String updateId = statusUpdate.deliver(updateMessage);
        String updateAgain = statusUpdate.deliver(again(updateMessage));

        assertThat(noteAgain).isEqualTo(noteId);
        assertThat(updateAgain).isEqualTo(updateId);
        assertThat(pagerDuty.notes(incidentId)).extracting(StubPagerDuty.Note::content)
                .containsExactly("Emergency backup bk-9 verified\n\nLifeboat: INC-7:emergency-backup");
        assertThat(pagerDuty.statusUpdates(incidentId)).containsExactly("ticket-db is being restored; next update 14:30 UTC");
    }

    @Test
    void aPayloadMissingWhatPagerDutyNeedsIsRefusedNamingTheField() {
        ObjectNode noSeverity = triggerPayload("ticket-db");
        noSeverity.remove("severity");
        ObjectNode badSeverity = triggerPayload("ticket-db").put("severity", "major");

        assertThatThrownBy(() -> trigger.deliver(message(5, "event.trigger", "INC-7", noSeverity)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outbox message 5 (pagerduty event.trigger): payload lacks 'severity'");
        assertThatThrownBy(() -> trigger.deliver(message(6, "event.trigger", "INC-7", badSeverity)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("critical, error, warning, info, not 'major'");
        assertThatThrownBy(() -> note.deliver(message(7, "incident.note", "INC-7:x", JSON.createObjectNode().put("content", "c"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks 'dedupKey'");
        assertThat(pagerDuty.wireMock().getAllServeEvents()).isEmpty();
    }

    private static ObjectNode triggerPayload(String service) {
        ObjectNode payload = service(service).put("summary", service + ": data corruption").put("severity", "critical")
                .put("link", "https://lifeboat.example/incidents/INC-7");
        payload.putObject("details").put("incident", "INC-7").put("classification", "data-corruption");
        return payload;
    }

    private static ObjectNode service(String service) {
        return JSON.createObjectNode().put("service", service);
    }

    private static OutboxMessage message(long id, String operation, String key, ObjectNode payload) {
        return new OutboxMessage(id, "pagerduty", operation, key, payload, "incident/INC-7", 1);
    }

    /** The same message handed over again, as after a crash before the outbox recorded the first delivery. */
    private static OutboxMessage again(OutboxMessage message) {
        return new OutboxMessage(message.id(), message.connector(), message.operation(), message.key(), message.payload(),
                message.subject(), message.attempt() + 1);
    }
}
