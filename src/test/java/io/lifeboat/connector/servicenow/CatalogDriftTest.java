package io.lifeboat.connector.servicenow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import io.lifeboat.connector.servicenow.CatalogDrift.DriftReport;
import io.lifeboat.connector.servicenow.CatalogDrift.ServiceDrift;
import io.lifeboat.connector.servicenow.CatalogDrift.UnknownCi;
import io.lifeboat.servicenow.StubServiceNow.Fault;
import io.lifeboat.web.ApiRefusal;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogDriftTest {

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
    void listsWhatTheCmdbLacksWhatOnlyItHasAndTheCisNoServiceNamesWithoutWritingAnything() {
        DriftReport report = drift(testbed.properties()).compare();

        assertThat(report.servicesWithoutCi()).containsExactly("knowledge-base");
        assertThat(report.services()).containsExactly(
                new ServiceDrift("chat-log", "Chat log", ServiceNowTestbed.CHAT_LOG_CI, false, List.of("ticket-db"), List.of(),
                        List.of(new UnknownCi("Mail relay", "the CMDB says Chat log depends on it (sys_id "
                                + ServiceNowTestbed.MAIL_RELAY_CI + "), but no catalog service names this CI"))),
                new ServiceDrift("ghost", "Retired mailer", null, false, List.of(), List.of(),
                        List.of(new UnknownCi("Retired mailer", "no CI with this sys_id or name in cmdb_ci"))),
                new ServiceDrift("identity", ServiceNowTestbed.IDENTITY_CI, ServiceNowTestbed.IDENTITY_CI, true, List.of(),
                        List.of(), List.of()),
                new ServiceDrift("ticket-db", "Ticket DB", ServiceNowTestbed.TICKET_DB_CI, false, List.of(),
                        List.of("chat-log"), List.of()));
        assertThat(testbed.requests()).contains(
                "GET /api/now/v2/table/cmdb_rel_type ?name=Depends on::Used by",
                "GET /api/now/v2/table/cmdb_rel_ci ?parent=" + ServiceNowTestbed.TICKET_DB_CI + "^type=" + ServiceNowTestbed.DEPENDS_ON);
        assertThat(testbed.requests()).allMatch(request -> request.startsWith("GET "));
        assertThat(testbed.requests()).filteredOn(request -> request.contains("cmdb_rel_type")).hasSize(1);
    }

    @Test
    void withoutServiceNowTheEndpointSaysSoWith409() {
        ServiceNowProperties none = new ServiceNowProperties(null, null, null, null, null, null, null,
                Duration.ofDays(3), "Solved (Permanently)", null, false, new ServiceNowProperties.Cmdb(false, null, null, null));

        assertThatThrownBy(() -> new CatalogDriftController(drift(none)).drift())
                .isInstanceOfSatisfying(ServiceNowNotConfigured.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(refusal).hasMessage("ServiceNow not configured: set lifeboat.connectors.servicenow.url and its credentials");
                });
        testbed.stub.wireMock().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aServiceNowThatFailsIsA502NamingItsError() {
        testbed.stub.failNext(Fault.status("GET", "cmdb_ci", 403, "Operation Failed", "ACL restricts the record retrieval"));

        assertThatThrownBy(() -> new CatalogDriftController(drift(testbed.properties())).drift())
                .isInstanceOfSatisfying(ApiRefusal.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
                    assertThat(refusal).hasMessage("ServiceNow: HTTP 403 Operation Failed: ACL restricts the record retrieval");
                });
    }

    private CatalogDrift drift(ServiceNowProperties properties) {
        return new CatalogDrift(testbed.catalog, new ServiceNowCmdb(testbed.serviceNow(properties)));
    }
}
