package io.lifeboat.connector.pagerduty;

import java.time.Duration;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.connector.pagerduty.StubPagerDuty.Fault;
import io.lifeboat.connector.pagerduty.StubPagerDuty.Target;
import io.lifeboat.http.RemoteFailure;

import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.bodies;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.failure;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.json;
import static io.lifeboat.connector.pagerduty.PagerDutyTestClients.requests;
import static org.assertj.core.api.Assertions.assertThat;

class PagerDutyIncidentsTest {

    private final StubPagerDuty pagerDuty = new StubPagerDuty();
    private final PagerDutyIncidents incidents = PagerDutyTestClients.incidents(pagerDuty, StubPagerDuty.API_TOKEN, StubPagerDuty.FROM);

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    @Test
    void aNoteGoesToTheIncidentOfTheDedupKeySignedWithTheTokenAsTheFromUser() {
        StubPagerDuty.Incident incident = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");

        String noteId = incidents.addNote("INC-7", "INC-7:classified", "Classified as data corruption");

        assertThat(pagerDuty.notes(incident.id())).singleElement().satisfies(note -> {
            assertThat(note.id()).isEqualTo(noteId);
            assertThat(note.content()).isEqualTo("Classified as data corruption\n\nLifeboat: INC-7:classified");
        });
        String notes = "/incidents/" + incident.id() + "/notes";
        assertThat(bodies(pagerDuty, "POST", notes)).containsExactly(
                json("{\"note\": {\"content\": \"Classified as data corruption\\n\\nLifeboat: INC-7:classified\"}}"));
        ServeEvent lookup = requests(pagerDuty, "GET", "/incidents").get(0);
        assertThat(lookup.getRequest().queryParameter("incident_key").firstValue()).isEqualTo("INC-7");
        assertThat(lookup.getRequest().queryParameter("date_range").firstValue()).isEqualTo("all");
        assertThat(pagerDuty.wireMock().getAllServeEvents()).allSatisfy(event -> {
            assertThat(event.getRequest().getHeader("Authorization")).isEqualTo("Token token=" + StubPagerDuty.API_TOKEN);
            assertThat(event.getRequest().getHeader("Accept")).isEqualTo("application/vnd.pagerduty+json;version=2");
            assertThat(event.getRequest().getHeader("From")).isEqualTo(StubPagerDuty.FROM);
        });
        assertThat(requests(pagerDuty, "POST", notes).get(0).getRequest().getHeader("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aNoteDeliveredAgainIsNotPostedTwiceButAnotherNoteWithTheSameWordsIs() {
        StubPagerDuty.Incident incident = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");

        String first = incidents.addNote("INC-7", "INC-7:restore-started:1", "Restore started");
        String again = incidents.addNote("INC-7", "INC-7:restore-started:1", "Restore started");
        incidents.addNote("INC-7", "INC-7:restore-started:2", "Restore started");

        assertThat(again).isEqualTo(first);
        assertThat(pagerDuty.notes(incident.id())).extracting(StubPagerDuty.Note::content).containsExactly(
                "Restore started\n\nLifeboat: INC-7:restore-started:1", "Restore started\n\nLifeboat: INC-7:restore-started:2");
    }

    @Test
    void aStatusUpdateIsTheBareMessageAndIsNotPostedTwice() {
        StubPagerDuty.Incident incident = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");

        String first = incidents.addStatusUpdate("INC-7", "ticket-db is restored; next update 14:30 UTC");
        String again = incidents.addStatusUpdate("INC-7", "ticket-db is restored; next update 14:30 UTC");

        assertThat(again).isEqualTo(first);
        assertThat(pagerDuty.statusUpdates(incident.id())).containsExactly("ticket-db is restored; next update 14:30 UTC");
        assertThat(bodies(pagerDuty, "POST", "/incidents/" + incident.id() + "/status_updates"))
                .containsExactly(json("{\"message\": \"ticket-db is restored; next update 14:30 UTC\"}"));
    }

    @Test
    void anEarlierStatusUpdateIsFoundOnALaterPageOfTheLog() {
        StubPagerDuty.Incident incident = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        incidents.addStatusUpdate("INC-7", "Investigating");
        for (int i = 0; i < PagerDutyRestApi.PAGE + 5; i++) {
            incidents.addNote("INC-7", "INC-7:note:" + i, "note " + i);
        }

        incidents.addStatusUpdate("INC-7", "Investigating");

        assertThat(pagerDuty.statusUpdates(incident.id())).containsExactly("Investigating");
    }

    @Test
    void beforePagerDutyOpenedTheIncidentTheWriteFailsToBeTriedAgain() {
        RemoteFailure failure = failure(() -> incidents.addNote("INC-7", "INC-7:classified", "Classified"));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure).hasMessageEndingWith("no PagerDuty incident for INC-7 yet");
    }

    @Test
    void afterAResolveAndANewTriggerTheOpenIncidentGetsTheNote() {
        StubPagerDuty.Incident first = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        PagerDutyTestClients.events(pagerDuty).resolve(PagerDutyTestClients.secret(StubPagerDuty.ROUTING_KEY), "INC-7");
        StubPagerDuty.Incident second = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down again");

        incidents.addNote("INC-7", "INC-7:again", "Down again");

        assertThat(pagerDuty.notes(first.id())).isEmpty();
        assertThat(pagerDuty.notes(second.id())).hasSize(1);
    }

    @Test
    void aWrongTokenIsRefusedForGoodWithPagerDutysCode() {
        pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        PagerDutyIncidents wrongToken = PagerDutyTestClients.incidents(pagerDuty, "not-the-token", StubPagerDuty.FROM);

        RemoteFailure failure = failure(() -> wrongToken.addNote("INC-7", "k", "note"));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure).hasMessage("PagerDuty REST API: HTTP 401 code 2006 Authentication failed");
        assertThat(failure.getMessage()).doesNotContain("not-the-token");
    }

    @Test
    void aWriteWithoutFromIsInvalidInput() {
        pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        PagerDutyIncidents withoutFrom = PagerDutyTestClients.incidents(pagerDuty, StubPagerDuty.API_TOKEN, null);

        RemoteFailure failure = failure(() -> withoutFrom.addNote("INC-7", "k", "note"));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure).hasMessage("PagerDuty REST API: HTTP 400 code 2001 Invalid Input Provided: A valid 'From' header is required.");
    }

    @Test
    void forbiddenAndNotFoundAreFailuresNoRetryMends() {
        pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        pagerDuty.failNext(Fault.rest("POST", 402, 2012, "Account does not have access to this feature"));
        RemoteFailure paymentRequired = failure(() -> incidents.addStatusUpdate("INC-7", "update"));
        pagerDuty.failNext(Fault.rest("POST", 403, 2010, "Access Denied"));
        RemoteFailure forbidden = failure(() -> incidents.addNote("INC-7", "k", "note"));
        pagerDuty.failNext(Fault.rest("GET", 404, 5001, "Incident Not Found"));
        RemoteFailure notFound = failure(() -> incidents.addNote("INC-7", "k", "note"));

        assertThat(paymentRequired.status()).isEqualTo(402);
        assertThat(paymentRequired.retryable()).isFalse();
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden).hasMessage("PagerDuty REST API: HTTP 403 code 2010 Access Denied");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.retryable()).isFalse();
        assertThat(notFound).hasMessage("PagerDuty REST API: HTTP 404 code 5001 Incident Not Found");
    }

    @Test
    void aRateLimitSaysHowLongToWaitByRetryAfterOrByRatelimitReset() {
        pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        pagerDuty.failNext(Fault.restRetryAfter("GET", 30));
        pagerDuty.failNext(Fault.restRateLimitReset("GET", 17));

        RemoteFailure retryAfter = failure(() -> incidents.addNote("INC-7", "k", "note"));
        RemoteFailure reset = failure(() -> incidents.addNote("INC-7", "k", "note"));

        assertThat(retryAfter.status()).isEqualTo(429);
        assertThat(retryAfter.retryable()).isTrue();
        assertThat(retryAfter.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(retryAfter).hasMessage("PagerDuty REST API: HTTP 429 code 2020 Rate Limit Exceeded");
        assertThat(reset.retryable()).isTrue();
        assertThat(reset.retryAfter()).contains(Duration.ofSeconds(17));
    }

    @Test
    void aServerErrorARequestTimeoutAndNoAnswerMayPassLater() {
        StubPagerDuty.Incident incident = pagerDuty.trigger(StubPagerDuty.ROUTING_KEY, "INC-7", "ticket-db is down");
        pagerDuty.failNext(Fault.rest("POST", 500, 2000, "Internal Server Error"));
        RemoteFailure serverError = failure(() -> incidents.addNote("INC-7", "k", "note"));
        pagerDuty.failNext(Fault.rest("GET", 408, 2000, "Request Timeout"));
        RemoteFailure requestTimeout = failure(() -> incidents.addNote("INC-7", "k", "note"));
        pagerDuty.failNext(Fault.slow(Target.REST, "GET", 3000));
        RemoteFailure timeout = failure(() -> incidents.addNote("INC-7", "k", "note"));

        assertThat(serverError.status()).isEqualTo(500);
        assertThat(serverError.retryable()).isTrue();
        assertThat(requestTimeout.status()).isEqualTo(408);
        assertThat(requestTimeout.retryable()).isTrue();
        assertThat(timeout.status()).isEqualTo(RemoteFailure.NO_ANSWER);
        assertThat(timeout.retryable()).isTrue();
        assertThat(pagerDuty.notes(incident.id())).isEmpty();
    }
}
