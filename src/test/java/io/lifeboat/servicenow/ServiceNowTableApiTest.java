package io.lifeboat.servicenow;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.secret.SecretReference;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowTableApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubServiceNow serviceNow = new StubServiceNow();

    @AfterEach
    void stop() {
        serviceNow.close();
    }

    @Test
    void createsReadsAndQueriesRecordsSignedInWithBasicAuthentication() {
        ServiceNowTableApi api = basic(StubServiceNow.PASSWORD);
        ObjectNode fields = JSON.createObjectNode().put("short_description", "Nightly backup failed").put("correlation_id", "INC-1");

        ObjectNode created = api.create("incident", TableQuery.raw().fields(List.of("sys_id", "number", "state")).parameters(), fields).result();

        assertThat(created.get("state").asText()).isEqualTo("1");
        assertThat(created.has("short_description")).isFalse();
        assertThat(api.get("incident", created.get("sys_id").asText(), TableQuery.raw().parameters()).result()
                .get("correlation_id").asText()).isEqualTo("INC-1");
        assertThat(api.list("incident", TableQuery.raw().where("correlation_id=INC-1^active=true").parameters()).result()).hasSize(1);
        assertThat(api.list("incident", TableQuery.raw().where("correlation_id=INC-2").parameters()).result()).isEmpty();
        serviceNow.wireMock().verify(postRequestedFor(urlPathEqualTo("/api/now/v2/table/incident"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withQueryParam("sysparm_exclude_reference_link", equalTo("true")));
    }

    @Test
    void aMissingRecordAndAWrongPasswordAreFailuresThatNoRetryMends() {
        assertThatThrownBy(() -> basic(StubServiceNow.PASSWORD).get("incident", "0123", TableQuery.raw().parameters()))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(404);
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure).hasMessageContaining("No Record found: Record doesn't exist or ACL restricts the record retrieval");
                });
        assertThatThrownBy(() -> basic("wrong").list("incident", TableQuery.raw().parameters()))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(401);
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure).hasMessageContaining("User Not Authenticated");
                });
    }

    @Test
    void aRateLimitCarriesItsRetryAfterAndAServerErrorMayPassLater() {
        serviceNow.failNext(StubServiceNow.Fault.rateLimited("GET", "incident", 42));
        serviceNow.failNext(StubServiceNow.Fault.status("GET", "incident", 503, "Service Unavailable", "node restarting"));
        ServiceNowTableApi api = basic(StubServiceNow.PASSWORD);

        assertThatThrownBy(() -> api.list("incident", TableQuery.raw().parameters()))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(429);
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(42));
                });
        assertThatThrownBy(() -> api.list("incident", TableQuery.raw().parameters()))
                .isInstanceOfSatisfying(RemoteFailure.class, failure -> assertThat(failure.retryable()).isTrue());
        assertThat(api.list("incident", TableQuery.raw().parameters()).result()).isEmpty();
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsACallWithoutAnswer() {
        serviceNow.failNext(StubServiceNow.Fault.slow("GET", "incident", 6000));

        assertThat(RemoteFailure.of("ServiceNow", call(() -> basic(StubServiceNow.PASSWORD).list("incident", TableQuery.raw().parameters()))))
                .satisfies(failure -> {
                    assertThat(failure.status()).isEqualTo(RemoteFailure.NO_ANSWER);
                    assertThat(failure.retryable()).isTrue();
                });
    }

    @Test
    void signsInWithOAuthAndReusesTheToken() {
        ServiceNowInstance instance = new ServiceNowInstance(serviceNow.url(), StubServiceNow.USER, secret(StubServiceNow.PASSWORD),
                secret(StubServiceNow.CLIENT_ID), secret(StubServiceNow.CLIENT_SECRET), Duration.ofSeconds(2), Duration.ofSeconds(5));
        ServiceNowTableApi api = instance.tableApi(JSON, Clock.systemUTC());

        api.list("incident", TableQuery.raw().parameters());
        api.list("cmdb_ci", TableQuery.raw().parameters());

        serviceNow.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/oauth_token.do"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
        assertThat(serviceNow.wireMock().getAllServeEvents()).filteredOn(event -> event.getRequest().getUrl().startsWith("/api/now"))
                .allSatisfy(event -> assertThat(event.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + StubServiceNow.ACCESS_TOKEN));
    }

    private static RuntimeException call(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    /** Reads time out after 5 s: on a busy machine, a cold JVM's first request through java.net.http takes seconds. */
    private ServiceNowTableApi basic(String password) {
        return new ServiceNowInstance(serviceNow.url(), StubServiceNow.USER, secret(password), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(5)).tableApi(JSON, Clock.systemUTC());
    }

    private static SecretReference secret(String value) {
        return SecretReference.parse("${env:STUB_SECRET}", Path.of("."), name -> Map.of("STUB_SECRET", value).get(name));
    }
}
