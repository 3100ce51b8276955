package io.lifeboat.connector.pagerduty;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.pagerduty.PagerDutyEventDelivery.Action;

/** The PagerDuty clients, built from {@link PagerDutyConnector}'s settings, and the five deliveries the outbox calls. */
@Configuration(proxyBeanMethods = false)
class PagerDutyConfiguration {

    @Bean
    PagerDutyEvents pagerDutyEvents(PagerDutyConnector connector, ObjectMapper json, Clock clock) {
        return new PagerDutyEvents(connector.eventsApi(json, clock));
    }

    @Bean
    PagerDutyIncidents pagerDutyIncidents(PagerDutyConnector connector, ObjectMapper json, Clock clock) {
        return new PagerDutyIncidents(connector.restApi(json, clock));
    }

    @Bean
    Delivery pagerDutyTrigger(PagerDutyConnector connector, PagerDutyEvents events) {
        return new PagerDutyEventDelivery(Action.TRIGGER, connector, events);
    }

    @Bean
    Delivery pagerDutyAcknowledge(PagerDutyConnector connector, PagerDutyEvents events) {
        return new PagerDutyEventDelivery(Action.ACKNOWLEDGE, connector, events);
    }

    @Bean
    Delivery pagerDutyResolve(PagerDutyConnector connector, PagerDutyEvents events) {
        return new PagerDutyEventDelivery(Action.RESOLVE, connector, events);
    }

    @Bean
    Delivery pagerDutyNote(PagerDutyIncidents incidents) {
        return new PagerDutyNoteDelivery(incidents);
    }

    @Bean
    Delivery pagerDutyStatusUpdate(PagerDutyIncidents incidents) {
        return new PagerDutyStatusUpdateDelivery(incidents);
    }
}
