package io.lifeboat.intake;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request schema of {@code POST /api/alerts/pagerduty} in the OpenAPI document: the part of a PagerDuty webhook
 * v3 body that {@link PagerDutyWebhook} reads (the controller reads the raw bytes, whose signature it checks first).
 */
@Schema(description = "PagerDuty webhook v3 (integrations.md): only the fields Lifeboat reads; others are ignored")
record PagerDutyWebhookEvent(Event event) {

    record Event(@Schema(example = "01DEN2G4X2ZJ8QB2ZSKX4CUD0C") String id,
                 @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "incident.triggered") String event_type,
                 @Schema(example = "2026-11-22T01:02:23.515Z") String occurred_at,
                 Summary agent,
                 Data data) {
    }

    record Data(@Schema(description = "\"incident\" when the event is about the incident itself") String type,
                @Schema(description = "the incident id (at most 190 characters)") String id,
                String title, String urgency, String html_url, Reference service,
                @Schema(description = "for notes, responders and status updates: the incident they belong to")
                Reference incident,
                String content) {
    }

    record Reference(String id) {
    }

    record Summary(String summary) {
    }
}
