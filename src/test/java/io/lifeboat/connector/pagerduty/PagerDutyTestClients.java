package io.lifeboat.connector.pagerduty;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.secret.SecretReference;

/** What the PagerDuty tests share: settings pointing at a {@link StubPagerDuty}, secrets, the requests it got. */
final class PagerDutyTestClients {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: WireMock's first answer after start-up may take most of a second. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private PagerDutyTestClients() {
    }

    static PagerDutyProperties properties(StubPagerDuty stub, String routingKeyRef, Map<String, String> routingKeys,
                                          String apiTokenRef, String from) {
        return new PagerDutyProperties(routingKeyRef, routingKeys, apiTokenRef, from, stub.url(), stub.url(),
                Duration.ofSeconds(2), READ_TIMEOUT);
    }

    /** A reference to {@code value}, read from a made-up environment. */
    static SecretReference secret(String value) {
        return SecretReference.parse("${env:STUB_SECRET}", Path.of("."), name -> Map.of("STUB_SECRET", value).get(name));
    }

    static PagerDutyEvents events(StubPagerDuty stub) {
        PagerDutyConnector connector = new PagerDutyConnector(properties(stub, null, Map.of(), null, null), id -> true, Path.of("."));
        return new PagerDutyEvents(connector.eventsApi(JSON, Clock.systemUTC()));
    }

    /** A REST client signing with {@code token}; {@code from} null sends no {@code From} header. */
    static PagerDutyIncidents incidents(StubPagerDuty stub, String token, String from) {
        return new PagerDutyIncidents(PagerDutyConnector.restApi(properties(stub, null, Map.of(), null, from), secret(token),
                JSON, Clock.systemUTC()));
    }

    /** The JSON bodies of the requests the stub got on {@code path}, oldest first. */
    static List<JsonNode> bodies(StubPagerDuty stub, String method, String path) {
        return requests(stub, method, path).stream().map(event -> {
            try {
                return JSON.readTree(event.getRequest().getBodyAsString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    static List<ServeEvent> requests(StubPagerDuty stub, String method, String path) {
        return stub.wireMock().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getMethod().getName().equals(method)
                        && event.getRequest().getUrl().split("\\?")[0].equals(path))
                .sorted((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()))
                .toList();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static RemoteFailure failure(Runnable call) {
        try {
            call.run();
        } catch (RemoteFailure failure) {
            return failure;
        }
        throw new AssertionError("the call succeeded");
    }
}
