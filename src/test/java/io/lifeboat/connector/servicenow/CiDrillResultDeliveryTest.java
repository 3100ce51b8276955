package io.lifeboat.connector.servicenow;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.http.RemoteFailure;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CiDrillResultDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServiceNowProperties.Cmdb WRITE_BACK =
            new ServiceNowProperties.Cmdb(true, "u_last_drill", "u_last_drill_verdict", "u_last_drill_rto");

    @TempDir
    Path dir;

    ServiceNowTestbed testbed;

    @BeforeEach
    void connect() {
        testbed = new ServiceNowTestbed(dir);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void writesTheLastDrillsDateVerdictAndRtoToTheConfiguredFieldsOfTheServicesCi() {
        CiDrillResultDelivery delivery = delivery(WRITE_BACK);
        ObjectNode payload = drill("ticket-db").put("rtoSeconds", 1234);

        assertThat(delivery.deliver(ServiceNowTestbed.message("ci.drill-result", "dr-1", payload, 1)))
                .isEqualTo(ServiceNowTestbed.TICKET_DB_CI);
        delivery.deliver(ServiceNowTestbed.message("ci.drill-result", "dr-1", payload, 2));

        testbed.stub.wireMock().verify(2, patchRequestedFor(urlPathEqualTo("/api/now/v2/table/cmdb_ci/" + ServiceNowTestbed.TICKET_DB_CI))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"u_last_drill": "2026-12-01 04:05:06", "u_last_drill_verdict": "passed", "u_last_drill_rto": "1234"}""")));
        ObjectNode ci = testbed.stub.record("cmdb_ci", ServiceNowTestbed.TICKET_DB_CI).orElseThrow();
        assertThat(ci.get("u_last_drill_verdict").asText()).isEqualTo("passed");
        assertThat(ci.get("name").asText()).isEqualTo("Ticket DB");
    }

    @Test
    void withWriteBackOffOrWithoutACiNothingIsWritten() {
        assertThat(delivery(new ServiceNowProperties.Cmdb(false, null, null, null))
                .deliver(ServiceNowTestbed.message("ci.drill-result", "dr-2", drill("ticket-db"), 1))).isNull();
        assertThat(delivery(WRITE_BACK).deliver(ServiceNowTestbed.message("ci.drill-result", "dr-3", drill("knowledge-base"), 1)))
                .isNull();

        testbed.stub.wireMock().verify(0, patchRequestedFor(anyUrl()));
    }

    @Test
    void aCiThatIsNotThereIsAFailureNoRetryMends() {
        assertThatThrownBy(() -> delivery(WRITE_BACK).deliver(ServiceNowTestbed.message("ci.drill-result", "dr-4", drill("ghost"), 1)))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure).hasMessageContaining("no CI 'Retired mailer' (service ghost) in cmdb_ci");
                });
    }

    @Test
    void aPayloadWithoutItsVerdictIsTheSendersMistake() {
        ObjectNode payload = drill("ticket-db");
        payload.remove("verdict");

        assertThatThrownBy(() -> delivery(WRITE_BACK).deliver(ServiceNowTestbed.message("ci.drill-result", "dr-5", payload, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("servicenow ci.drill-result message 7: payload field verdict is missing or not a text");
    }

    private CiDrillResultDelivery delivery(ServiceNowProperties.Cmdb cmdb) {
        ServiceNow serviceNow = testbed.serviceNow(testbed.properties(false, cmdb));
        return new CiDrillResultDelivery(new ServiceNowCmdb(serviceNow), serviceNow, testbed.catalog);
    }

    private static ObjectNode drill(String service) {
        return JSON.createObjectNode().put("service", service).put("finishedAt", "2026-12-01T04:05:06Z").put("verdict", "passed");
    }
}
