package io.lifeboat.connector.servicenow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.connector.servicenow.ServiceNowChanges.Approval;
import io.lifeboat.connector.servicenow.ServiceNowChanges.ChangeState;
import io.lifeboat.connector.servicenow.ServiceNowChanges.ChangeStatus;
import io.lifeboat.connector.servicenow.ServiceNowChanges.ChangeType;
import io.lifeboat.connector.servicenow.ServiceNowChanges.NewChange;
import io.lifeboat.connector.servicenow.ServiceNowChanges.PendingApproval;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.StubServiceNow.Fault;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ServiceNowTestbed testbed;
    ServiceNowChanges changes;

    @BeforeEach
    void connect() {
        testbed = new ServiceNowTestbed(dir);
        ServiceNow serviceNow = testbed.serviceNow(testbed.properties());
        changes = new ServiceNowChanges(serviceNow, new ServiceNowCmdb(serviceNow));
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void deliveringChangeCreateTwiceLeavesOneChangeMadeAfterLookingForItsKey() {
        ChangeCreateDelivery delivery = new ChangeCreateDelivery(changes, testbed.catalog);
        ObjectNode payload = JSON.createObjectNode().put("type", "normal").put("service", "ticket-db")
                .put("shortDescription", "Fail ticket-db over to the standby").put("description", "DR exercise")
                .put("plannedStart", "2026-12-05T22:00:00Z").put("plannedEnd", "2026-12-05T23:30:00Z")
                .put("backoutPlan", "switch back");

        String first = delivery.deliver(ServiceNowTestbed.message("change.create", "DR-2026-12", payload, 1));
        String second = delivery.deliver(ServiceNowTestbed.message("change.create", "DR-2026-12", payload, 2));

        assertThat(second).isEqualTo(first).startsWith("CHG");
        assertThat(testbed.stub.rows("change_request")).hasSize(1);
        assertThat(testbed.requests()).filteredOn(request -> request.contains("change_request")).containsExactly(
                "GET /api/now/v2/table/change_request ?correlation_id=DR-2026-12",
                "POST /api/now/v2/table/change_request",
                "GET /api/now/v2/table/change_request ?correlation_id=DR-2026-12");
        testbed.stub.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/api/now/v2/table/change_request"))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
                .withRequestBody(equalToJson("""
                        {"type": "normal", "short_description": "Fail ticket-db over to the standby",
                         "description": "DR exercise", "assignment_group": "%s", "cmdb_ci": "%s",
                         "start_date": "2026-12-05 22:00:00", "end_date": "2026-12-05 23:30:00", "backout_plan": "switch back",
                         "correlation_id": "DR-2026-12", "correlation_display": "Lifeboat",
                         "work_notes": "Requested by Lifeboat (key DR-2026-12)."}"""
                        .formatted(ServiceNowTestbed.DBA, ServiceNowTestbed.TICKET_DB_CI))));
    }

    @Test
    void aStandardChangeIsMadeFromItsTemplateAndOnlyItNeedsOne() {
        String template = "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e01";

        changes.create(new NewChange("STD-1", ChangeType.STANDARD, template, "Rotate restic keys", "monthly", null,
                null, null, null, null, null));

        assertThat(testbed.stub.rows("change_request")).singleElement().satisfies(change -> {
            assertThat(change.get("type").asText()).isEqualTo("standard");
            assertThat(change.get("std_change_producer_version").asText()).isEqualTo(template);
        });
        assertThatThrownBy(() -> new NewChange("STD-2", ChangeType.STANDARD, null, "x", "y", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewChange("N-1", ChangeType.EMERGENCY, template, "x", "y", null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theApprovalIsTheRollupOfTheApproversAndTheGateNeedsScheduledOrImplementAndApproved() {
        String change = changes.create(emergency("EMG-1")).sysId();
        approver(change, "approved");
        String pending = approver(change, "requested");

        assertThat(changes.status(change).approval()).isEqualTo(Approval.REQUESTED);
        assertThat(changes.pendingApprovals(change)).containsExactly(new PendingApproval(pending, "approver-2"));
        assertThat(testbed.requests()).contains("GET /api/now/v2/table/sysapproval_approver ?sysapproval=" + change + "^state=requested");

        testbed.stub.change("sysapproval_approver", pending, Map.of("state", "approved"));
        testbed.stub.change("change_request", change, Map.of("state", "-3"));
        ChangeStatus authorize = changes.status(change);
        assertThat(authorize.approval()).isEqualTo(Approval.APPROVED);
        assertThat(authorize.stateName()).isEqualTo(ChangeState.AUTHORIZE);
        assertThat(authorize.mayImplement()).isFalse();

        testbed.stub.change("change_request", change, Map.of("state", "-2"));
        assertThat(changes.status(change).mayImplement()).isTrue();
        testbed.stub.change("change_request", change, Map.of("state", "-1"));
        assertThat(changes.status(change).mayImplement()).isTrue();

        approver(change, "rejected");
        assertThat(changes.status(change).approval()).isEqualTo(Approval.REJECTED);
        assertThat(changes.status(change).mayImplement()).isFalse();
    }

    @Test
    void aChangeWithoutApproversHasItsRecordsApproval() {
        String change = changes.create(emergency("EMG-2")).sysId();
        testbed.stub.change("change_request", change, Map.of("state", "-1", "approval", "approved"));

        assertThat(changes.status(change).mayImplement()).isTrue();
        testbed.stub.change("change_request", change, Map.of("state", "42"));
        assertThat(changes.status(change).stateName()).isEqualTo(ChangeState.OTHER);
        assertThat(changes.status(change).mayImplement()).isFalse();
    }

    @Test
    void theRollupOfSection33() {
        assertThat(Approval.rollup(List.of())).isEqualTo(Approval.NOT_REQUESTED);
        assertThat(Approval.rollup(List.of("not requested", "not requested"))).isEqualTo(Approval.NOT_REQUESTED);
        assertThat(Approval.rollup(List.of("approved", "approved"))).isEqualTo(Approval.APPROVED);
        assertThat(Approval.rollup(List.of("approved", "not requested"))).isEqualTo(Approval.REQUESTED);
        assertThat(Approval.rollup(List.of("approved", "requested"))).isEqualTo(Approval.REQUESTED);
        assertThat(Approval.rollup(List.of("approved", "rejected", "requested"))).isEqualTo(Approval.REJECTED);
    }

    @Test
    void anUnknownChangeIsA404ThatNoRetryMends() {
        assertThatThrownBy(() -> changes.status("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f01"))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(404);
                    assertThat(failure.retryable()).isFalse();
                });
    }

    @Test
    void aRateLimitedCreateCreatesNothingAndSaysWhenToTryAgain() {
        testbed.stub.failNext(Fault.rateLimited("POST", "change_request", 30));

        assertThatThrownBy(() -> changes.create(emergency("EMG-3")))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(429);
                    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
                });
        assertThat(testbed.stub.rows("change_request")).isEmpty();
        changes.create(emergency("EMG-3"));
        changes.create(emergency("EMG-3"));
        assertThat(testbed.stub.rows("change_request")).hasSize(1);
    }

    private static NewChange emergency(String key) {
        return new NewChange(key, ChangeType.EMERGENCY, null, "Restore ticket-db in place", "after corruption", null,
                null, null, "data loss", "pgbackrest restore", "none");
    }

    private String approver(String change, String state) {
        int n = testbed.stub.rows("sysapproval_approver").size() + 1;
        return testbed.stub.insert("sysapproval_approver", Map.of("sysapproval", change, "approver", "approver-" + n,
                "state", state, "source_table", "change_request")).get("sys_id").asText();
    }
}
