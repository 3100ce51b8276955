package io.lifeboat.connector.servicenow;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.lifeboat.connector.servicenow.ServiceNowIncidents.NewIncident;
import io.lifeboat.connector.servicenow.ServiceNowIncidents.Outcome;
import io.lifeboat.connector.servicenow.ServiceNowIncidents.Ticket;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.StubServiceNow;
import io.lifeboat.servicenow.StubServiceNow.Fault;
import io.lifeboat.servicenow.StubServiceNow.Journal;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ServiceNowIncidentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "am:cb072998a5b85684";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (StubServiceNow.USER + ":" + StubServiceNow.PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    ServiceNowTestbed testbed;
    ServiceNow serviceNow;
    ServiceNowIncidents incidents;

    @BeforeEach
    void connect() {
        testbed = new ServiceNowTestbed(dir);
        serviceNow = testbed.serviceNow(testbed.properties());
        incidents = testbed.incidents(serviceNow, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void opensAnIncidentForTheServicesCiAndGroupOnlyAfterLookingForItsKey() throws Exception {
        Ticket ticket = incidents.open(backupFailed("ticket-db"));

        assertThat(ticket.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(ticket.number()).startsWith("INC");
        assertThat(ticket.correlationId()).isEqualTo(KEY);
        assertThat(testbed.requests()).containsExactly(
                "GET /api/now/v2/table/incident ?correlation_id=" + KEY + "^ORcorrelation_idSTARTSWITH" + KEY + ":",
                "GET /api/now/v2/table/sys_user_group ?name=DBA",
                "GET /api/now/v2/table/cmdb_ci ?name=Ticket DB",
                "GET /api/now/v2/table/sys_user ?user_name=" + StubServiceNow.USER,
                "POST /api/now/v2/table/incident");
        testbed.stub.wireMock().verify(getRequestedFor(urlPathEqualTo("/api/now/v2/table/incident"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo("application/json"))
                .withQueryParam("sysparm_fields", equalTo("sys_id,number,state,active,correlation_id,resolved_at,closed_at"))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
                .withQueryParam("sysparm_display_value", equalTo("false")));
        testbed.stub.wireMock().verify(postRequestedFor(urlPathEqualTo("/api/now/v2/table/incident"))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withQueryParam("sysparm_fields", equalTo("sys_id,number,state,active,correlation_id,resolved_at,closed_at"))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
                .withRequestBody(equalToJson("""
                        {"short_description": "Nightly backup failed: ticket-db",
                         "description": "restic exit 3; see the backup's record",
                         "assignment_group": "%s", "cmdb_ci": "%s", "caller_id": "%s",
                         "urgency": "2", "impact": "3",
                         "correlation_id": "%s", "correlation_display": "Lifeboat",
                         "work_notes": "Opened by Lifeboat for service ticket-db (key %s)."}"""
                        .formatted(ServiceNowTestbed.DBA, ServiceNowTestbed.TICKET_DB_CI, ServiceNowTestbed.INTEGRATION_USER,
                                KEY, KEY))));
    }

    @Test
    void withOAuthSettingsEveryRequestCarriesTheBearerToken() {
        ServiceNowIncidents oauth = testbed.incidents(testbed.serviceNow(testbed.oauthProperties()), Clock.systemUTC());

        oauth.open(backupFailed("ticket-db"));

        testbed.stub.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/oauth_token.do")));
        assertThat(testbed.stub.wireMock().getAllServeEvents()).filteredOn(event -> event.getRequest().getUrl().startsWith("/api/now"))
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getRequest().getHeader("Authorization"))
                        .isEqualTo("Bearer " + StubServiceNow.ACCESS_TOKEN));
        assertThat(testbed.stub.rows("incident")).hasSize(1);
    }

    @Test
    void withoutAServiceNowBlockTheOwnerGroupIsLookedUpByNameAndAnUnknownOneIsNoted() {
        incidents.open(new NewIncident("INC-1", testbed.catalog.require("knowledge-base"), "Knowledge base down", "503s", 1, 1));
        incidents.open(new NewIncident("INC-2", testbed.catalog.require("identity"), "Identity down", "login fails", 1, 1));

        ObjectNode knowledgeBase = incident("INC-1");
        assertThat(knowledgeBase.has("assignment_group")).isFalse();
        assertThat(knowledgeBase.has("cmdb_ci")).isFalse();
        assertThat(testbed.stub.journal(knowledgeBase.get("sys_id").asText())).containsExactly(new Journal("work_notes",
                "Opened by Lifeboat for service knowledge-base (key INC-1).\nNo assignment group: ServiceNow has no group 'servicedesk'."));
        ObjectNode identity = incident("INC-2");
        assertThat(identity.get("assignment_group").asText()).isEqualTo(ServiceNowTestbed.OPERATORS);
        // a sys_id in the catalog is checked against the CMDB too, so a wrong one is noted instead of stored
        assertThat(identity.get("cmdb_ci").asText()).isEqualTo(ServiceNowTestbed.IDENTITY_CI);
    }

    @Test
    void deliveringIncidentOpenTwiceLeavesExactlyOneIncident() {
        IncidentOpenDelivery delivery = new IncidentOpenDelivery(incidents, testbed.catalog);
        ObjectNode payload = JSON.createObjectNode().put("service", "ticket-db").put("shortDescription", "Backup failed")
                .put("description", "restic exit 3").put("urgency", 1).put("impact", 2);

        String first = delivery.deliver(ServiceNowTestbed.message("incident.open", KEY, payload, 1));
        // the outbox crashed after the call and before recording it: the same message again
        String second = delivery.deliver(ServiceNowTestbed.message("incident.open", KEY, payload, 2));

        assertThat(second).isEqualTo(first);
        assertThat(testbed.stub.rows("incident")).hasSize(1);
        testbed.stub.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/api/now/v2/table/incident")));
    }

    @Test
    void aCreateThatFailedCreatesOnceWhenTriedAgain() {
        testbed.stub.failNext(Fault.status("POST", "incident", 503, "Service Unavailable", "node restarting"));

        assertThatThrownBy(() -> incidents.open(backupFailed("ticket-db")))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> assertThat(failure.retryable()).isTrue());
        assertThat(testbed.stub.rows("incident")).isEmpty();
        assertThat(incidents.open(backupFailed("ticket-db")).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(incidents.open(backupFailed("ticket-db")).outcome()).isEqualTo(Outcome.ALREADY_OPEN);
        assertThat(testbed.stub.rows("incident")).hasSize(1);
    }

    @Test
    void anAlertWithinTheReopenWindowOfItsResolvedIncidentReopensIt() {
        Ticket opened = incidents.open(backupFailed("ticket-db"));
        incidents.resolve(KEY, "backup verified again");
        ServiceNowIncidents twoDaysLater = testbed.incidents(serviceNow, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));

        Ticket reopened = twoDaysLater.open(backupFailed("ticket-db"));

        assertThat(reopened.outcome()).isEqualTo(Outcome.REOPENED);
        assertThat(reopened.sysId()).isEqualTo(opened.sysId());
        assertThat(reopened.state()).isEqualTo("2");
        assertThat(testbed.stub.rows("incident")).hasSize(1);
        assertThat(testbed.stub.journal(opened.sysId())).last().isEqualTo(new Journal("work_notes",
                "Reopened by Lifeboat: Nightly backup failed: ticket-db (resolved less than 3 d ago). restic exit 3; see the backup's record"));
        testbed.stub.wireMock().verify(patchRequestedFor(urlPathEqualTo("/api/now/v2/table/incident/" + opened.sysId()))
                .withRequestBody(equalToJson("{\"state\": \"2\", \"work_notes\": \"${json-unit.any-string}\"}")));
    }

    @Test
    void anAlertLaterThanTheWindowOpensANewIncidentThatNamesTheOldOne() {
        Ticket first = incidents.open(backupFailed("ticket-db"));
        incidents.resolve(KEY, "backup verified again");
        ServiceNowIncidents fourDaysLater = testbed.incidents(serviceNow, Clock.offset(Clock.systemUTC(), Duration.ofDays(4)));

        Ticket second = fourDaysLater.open(backupFailed("ticket-db"));
        Ticket again = fourDaysLater.open(backupFailed("ticket-db"));

        assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(second.correlationId()).isEqualTo(KEY + ":2");
        assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_OPEN);
        assertThat(again.number()).isEqualTo(second.number());
        assertThat(testbed.stub.record("incident", second.sysId()).orElseThrow().get("description").asText())
                .matches("restic exit 3; see the backup's record\n\nFollows " + first.number() + " \\(same key " + KEY
                        + "\\), resolved \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, more than 3 d ago, so it is not reopened\\.");
        assertThat(testbed.stub.record("incident", first.sysId()).orElseThrow().get("state").asText()).isEqualTo("6");
    }

    @Test
    void aClosedIncidentIsNotReopenedEvenWithinTheWindow() {
        Instant resolved = Instant.parse("2026-12-01T10:00:00Z");
        testbed.stub.insert("incident", Map.of("correlation_id", KEY, "state", "7", "active", "false", "number", "INC0000042",
                "resolved_at", GlideTime.format(resolved), "closed_at", GlideTime.format(resolved.plusSeconds(60))));
        // a clock an hour after it was resolved: within the window, were it only resolved
        incidents = testbed.incidents(serviceNow, Clock.fixed(resolved.plus(Duration.ofHours(1)), ZoneOffset.UTC));

        Ticket ticket = incidents.open(backupFailed("ticket-db"));

        assertThat(ticket.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(ticket.correlationId()).isEqualTo(KEY + ":2");
        assertThat(testbed.stub.record("incident", ticket.sysId()).orElseThrow().get("description").asText())
                .endsWith("Follows INC0000042 (same key " + KEY + "), closed 2026-12-01 10:01 UTC: a closed incident is not reopened.");
    }

    @Test
    void aNoteIsWrittenOnceAsAWorkNoteOrAsACommentTheCallerSees() {
        Ticket ticket = incidents.open(backupFailed("ticket-db"));

        incidents.note(KEY, "Emergency backup done", "INC-7/backup-done", false);
        incidents.note(KEY, "Emergency backup done", "INC-7/backup-done", false);
        incidents.note(KEY, "Service restored, monitoring", "INC-7/update-1", true);

        assertThat(testbed.stub.journal(ticket.sysId())).containsExactly(
                new Journal("work_notes", "Opened by Lifeboat for service ticket-db (key " + KEY + ")."),
                new Journal("work_notes", "Emergency backup done\n\n[Lifeboat INC-7/backup-done]"),
                new Journal("comments", "Service restored, monitoring\n\n[Lifeboat INC-7/update-1]"));
        assertThat(testbed.requests()).contains("GET /api/now/v2/table/sys_journal_field ?element_id=" + ticket.sysId()
                + "^element=work_notes^valueLIKE[Lifeboat INC-7/backup-done]");
    }

    @Test
    void aNoteForAKeyWithoutIncidentWaitsForItsOpening() {
        assertThatThrownBy(() -> incidents.note("INC-404", "text", "INC-404/1", false))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(404);
                    assertThat(failure.retryable()).isTrue();
                });
    }

    @Test
    void resolvingSetsStateCloseCodeAndNotesOnce() {
        Ticket ticket = incidents.open(backupFailed("ticket-db"));

        IncidentResolveDelivery delivery = new IncidentResolveDelivery(incidents);
        ObjectNode payload = JSON.createObjectNode().put("incident", KEY).put("closeNotes", "a later backup was verified");
        assertThat(delivery.deliver(ServiceNowTestbed.message("incident.resolve", KEY + "/resolve", payload, 1)))
                .isEqualTo(ticket.number());
        delivery.deliver(ServiceNowTestbed.message("incident.resolve", KEY + "/resolve", payload, 2));

        testbed.stub.wireMock().verify(1, patchRequestedFor(urlPathEqualTo("/api/now/v2/table/incident/" + ticket.sysId()))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"state": "6", "close_code": "Solved (Permanently)", "close_notes": "a later backup was verified"}""")));
        ObjectNode resolved = testbed.stub.record("incident", ticket.sysId()).orElseThrow();
        assertThat(resolved.get("active").asText()).isEqualTo("false");
        assertThat(resolved.get("resolved_at").asText()).isNotEmpty();
    }

    @Test
    void aStatusUpdateIsACommentOnlyWhereCustomerVisibleUpdatesAreConfigured() {
        ServiceNow visible = testbed.serviceNow(testbed.properties(true, new ServiceNowProperties.Cmdb(false, null, null, null)));
        ServiceNowIncidents visibleIncidents = testbed.incidents(visible, Clock.systemUTC());
        Ticket ticket = visibleIncidents.open(backupFailed("ticket-db"));
        ObjectNode update = JSON.createObjectNode().put("incident", KEY).put("text", "Restore started").put("statusUpdate", true);
        ObjectNode note = JSON.createObjectNode().put("incident", KEY).put("text", "Classified: backup failure");

        new IncidentNoteDelivery(visibleIncidents, visible).deliver(ServiceNowTestbed.message("incident.note", "u1", update, 1));
        new IncidentNoteDelivery(visibleIncidents, visible).deliver(ServiceNowTestbed.message("incident.note", "n1", note, 1));
        new IncidentNoteDelivery(incidents, serviceNow).deliver(ServiceNowTestbed.message("incident.note", "u2", update, 1));

        assertThat(testbed.stub.journal(ticket.sysId())).extracting(Journal::element, Journal::value).containsSubsequence(
                tuple("comments", "Restore started\n\n[Lifeboat u1]"),
                tuple("work_notes", "Classified: backup failure\n\n[Lifeboat n1]"),
                tuple("work_notes", "Restore started\n\n[Lifeboat u2]"));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(Fault.status("GET", "incident", 400, "Invalid query", "sysparm_query"), 400, false, null),
                Arguments.of(Fault.status("GET", "incident", 401, "User Not Authenticated", "Required to provide Auth information"), 401, false, null),
                Arguments.of(Fault.status("GET", "incident", 403, "Operation Failed", "ACL restricts the record retrieval"), 403, false, null),
                Arguments.of(Fault.status("GET", "incident", 404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval"), 404, false, null),
                Arguments.of(Fault.rateLimited("GET", "incident", 42), 429, true, Duration.ofSeconds(42)),
                Arguments.of(Fault.status("GET", "incident", 500, "Internal Server Error", "script error"), 500, true, null),
                Arguments.of(Fault.slow("GET", "incident", 6000), RemoteFailure.NO_ANSWER, true, null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("faults")
    void eachFaultIsARemoteFailureSayingWhetherAnotherTryMaySucceed(Fault fault, int status, boolean retryable,
                                                                      Duration retryAfter) {
        testbed.stub.failNext(fault);

        assertThatThrownBy(() -> incidents.open(backupFailed("ticket-db")))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.peer()).isEqualTo("ServiceNow");
                    assertThat(failure.status()).isEqualTo(status);
                    assertThat(failure.retryable()).isEqualTo(retryable);
                    assertThat(failure.retryAfter()).isEqualTo(Optional.ofNullable(retryAfter));
                    if (fault.message() != null) {
                        assertThat(failure).hasMessageContaining(fault.message() + ": " + fault.detail());
                    }
                    assertThat(failure).hasMessageNotContaining(StubServiceNow.PASSWORD);
                });
        assertThat(testbed.stub.rows("incident")).isEmpty();
        testbed.stub.wireMock().verify(0, postRequestedFor(anyUrl()));
    }

    private NewIncident backupFailed(String service) {
        return new NewIncident(KEY, testbed.catalog.require(service), "Nightly backup failed: " + service,
                "restic exit 3; see the backup's record", 2, 3);
    }

    private ObjectNode incident(String correlationId) {
        List<ObjectNode> rows = testbed.stub.rows("incident").stream()
                .filter(row -> row.path("correlation_id").asText().equals(correlationId)).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
