package io.lifeboat.connector.pagerduty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.connector.pagerduty.PagerDutyEvents.Severity;
import io.lifeboat.connector.pagerduty.PagerDutyEvents.Trigger;
import io.lifeboat.connector.pagerduty.PagerDutyEventsApi.Link;
import io.lifeboat.connector.pagerduty.StubPagerDuty.Fault;
import io.lifeboat.connector.pagerduty.StubPagerDuty.Target;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.secret.SecretReference;

import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.JSON;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.bodies;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.failure;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.json;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.requests;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.secret;
import static org.assertj.core.api.Assertions.assertThat;

class PagerDutyEventsTest {

    private static final String ENQUEUE = "/v2/enqueue";
    private static final SecretReference KEY = secret(StubPagerDuty.ROUTING_KEY);
    private static final SecretReference OTHER_KEY = secret(StubPagerDuty.OTHER_ROUTING_KEY);

    private final StubPagerDuty pagerDuty = new StubPagerDuty();
    private final PagerDutyEvents events = PagerDutyTestClients.events(pagerDuty);

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    @Test
    void aTriggerCarriesTheRoutingKeyInItsBodyAndNoAuthorizationHeader() {
        Trigger trigger = new Trigger("Backup of ticket-db failed", "db01.example.com", Severity.CRITICAL,
                Instant.parse("2026-11-22T01:02:23.515Z"), "postgres", "ticket-db", "backup",
                JSON.createObjectNode().put("backupId", "bk-1"), "https://lifeboat.example/backups/bk-1",
                List.of(new Link("https://wiki.example/rb/backup", "Runbook")));

        String dedupKey = events.trigger(KEY, "am:cb072998a5b85684", trigger);

        assertThat(dedupKey).isEqualTo("am:cb072998a5b85684");
        assertThat(bodies(pagerDuty, "POST", ENQUEUE)).containsExactly(json("""
                {"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger",
                 "dedup_key": "am:cb072998a5b85684",
                 "payload": {"summary": "Backup of ticket-db failed", "source": "db01.example.com", "severity": "critical",
                             "timestamp": "2026-11-22T01:02:23.515Z", "component": "postgres", "group": "ticket-db",
                             "class": "backup", "custom_details": {"backupId": "bk-1"}},
                 "client": "Lifeboat", "client_url": "https://lifeboat.example/backups/bk-1",
                 "links": [{"href": "https://wiki.example/rb/backup", "text": "Runbook"}]}
                """));
        ServeEvent request = requests(pagerDuty, "POST", ENQUEUE).get(0);
        assertThat(request.getRequest().containsHeader("Authorization")).isFalse();
        assertThat(request.getRequest().getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(pagerDuty.incidents()).singleElement().satisfies(incident -> {
            assertThat(incident.title()).isEqualTo("Backup of ticket-db failed");
            assertThat(incident.status()).isEqualTo("triggered");
        });
    }

    @Test
    void acknowledgeAndResolveCarryOnlyTheRoutingKeyTheActionAndTheDedupKey() {
        events.trigger(KEY, "INC-7", minimal("ticket-db is down"));

        events.acknowledge(KEY, "INC-7");
        assertThat(pagerDuty.incidents("INC-7")).singleElement().extracting(StubPagerDuty.Incident::status).isEqualTo("acknowledged");
        events.resolve(KEY, "INC-7");

        List<JsonNode> sent = bodies(pagerDuty, "POST", ENQUEUE);
        assertThat(sent.subList(1, 3)).containsExactly(
                json("{\"routing_key\": \"0123456789abcdef0123456789abcdef\", \"event_action\": \"acknowledge\", \"dedup_key\": \"INC-7\"}"),
                json("{\"routing_key\": \"0123456789abcdef0123456789abcdef\", \"event_action\": \"resolve\", \"dedup_key\": \"INC-7\"}"));
        assertThat(pagerDuty.incidents("INC-7")).singleElement().extracting(StubPagerDuty.Incident::status).isEqualTo("resolved");
    }

    @Test
    void aTriggerSentTwiceIsOneIncidentAndATriggerAfterTheResolveOpensANewOne() {
        events.trigger(KEY, "INC-7", minimal("ticket-db is down"));
        events.trigger(KEY, "INC-7", minimal("ticket-db is down"));

        assertThat(pagerDuty.incidents("INC-7")).singleElement().satisfies(incident -> assertThat(incident.alerts()).isEqualTo(2));

        events.resolve(KEY, "INC-7");
        events.trigger(KEY, "INC-7", minimal("ticket-db is down again"));

        assertThat(pagerDuty.incidents("INC-7")).extracting(StubPagerDuty.Incident::status).containsExactly("resolved", "triggered");
    }

    @Test
    void anAcknowledgeOrResolveWithAnotherRoutingKeyLeavesTheIncidentAlone() {
        events.trigger(KEY, "INC-7", minimal("ticket-db is down"));

        events.acknowledge(OTHER_KEY, "INC-7");
        events.resolve(OTHER_KEY, "INC-7");

        assertThat(pagerDuty.incidents("INC-7")).singleElement().extracting(StubPagerDuty.Incident::status).isEqualTo("triggered");
    }

    @Test
    void aSummaryIsCutToPagerDutysLimitAndALongKeyIsHashedTheSameForEveryEvent() {
        String longKey = "alertmanager:" + "k".repeat(300);

        String dedupKey = events.trigger(KEY, longKey, minimal("s".repeat(2000)));
        events.resolve(KEY, longKey);

        assertThat(dedupKey).startsWith("sha256:").hasSize(7 + 64);
        JsonNode trigger = bodies(pagerDuty, "POST", ENQUEUE).get(0);
        assertThat(trigger.path("payload").path("summary").asText()).hasSize(PagerDutyEvents.MAX_SUMMARY).endsWith("…");
        assertThat(pagerDuty.incidents(dedupKey)).singleElement().extracting(StubPagerDuty.Incident::status).isEqualTo("resolved");
    }

    @Test
    void anInvalidEventIsRefusedForGoodWithPagerDutysReasons() {
        RemoteFailure failure = failure(() -> events.trigger(secret("too-short"), "INC-7", minimal("ticket-db is down")));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure).hasMessage("PagerDuty Events API: HTTP 400 invalid event: Event object is invalid: "
                + "Length of 'routing_key' is incorrect (should be 32 characters)");
        assertThat(failure.getMessage()).doesNotContain("too-short");
    }

    @Test
    void aRateLimitAndAServerErrorMayPassLater() {
        pagerDuty.failNext(Fault.eventsRateLimited(45));
        pagerDuty.failNext(Fault.events(429));
        pagerDuty.failNext(Fault.events(500));

        RemoteFailure withRetryAfter = failure(() -> events.trigger(KEY, "INC-7", minimal("down")));
        RemoteFailure withoutBody = failure(() -> events.trigger(KEY, "INC-7", minimal("down")));
        RemoteFailure serverError = failure(() -> events.trigger(KEY, "INC-7", minimal("down")));

        assertThat(withRetryAfter.status()).isEqualTo(429);
        assertThat(withRetryAfter.retryable()).isTrue();
        assertThat(withRetryAfter.retryAfter()).contains(Duration.ofSeconds(45));
        assertThat(withoutBody.retryable()).isTrue();
        assertThat(withoutBody.retryAfter()).isEmpty();
        assertThat(serverError.status()).isEqualTo(500);
        assertThat(serverError.retryable()).isTrue();
        assertThat(pagerDuty.incidents()).isEmpty();
        events.trigger(KEY, "INC-7", minimal("down"));
        assertThat(pagerDuty.incidents()).hasSize(1);
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsACallWithoutAnswer() {
        pagerDuty.failNext(Fault.slow(Target.EVENTS, "POST", 3000));

        RemoteFailure failure = failure(() -> events.trigger(KEY, "INC-7", minimal("down")));

        assertThat(failure.status()).isEqualTo(RemoteFailure.NO_ANSWER);
        assertThat(failure.retryable()).isTrue();
    }

    private static Trigger minimal(String summary) {
        return new Trigger(summary, "ticket-db", Severity.ERROR, null, null, null, null, null, null, null);
    }
}
