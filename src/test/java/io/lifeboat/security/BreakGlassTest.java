package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;

import io.lifeboat.audit.AuditEvent;
import io.lifeboat.audit.AuditTrail;

/**
 * Break-glass over real HTTP with the demo users, on an in-memory H2. Time is a {@link MovableClock}; the sweeper's
 * own schedule is pushed out of the way, so expiry happens exactly when a test calls {@link BreakGlassSweeper#sweep()}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:breakglass;DB_CLOSE_DELAY=-1",
        "lifeboat.runbooks-dir=src/test/runbooks",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.break-glass.sweep-interval=PT1H"})
@ActiveProfiles("demo")
class BreakGlassTest {

    /** Declaring an incident is for commanders only: what the emergency role lets an operator do. */
    private static final Map<String, String> DECLARE_INCIDENT =
            Map.of("service", "notes", "severity", "info", "title", "ransomware suspected");

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identityService;
    @Autowired
    AuditTrail auditTrail;
    @Autowired
    BreakGlassSweeper sweeper;
    @Autowired
    MovableClock clock;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("lifeboat-break-glass-test").toString();
        registry.add("lifeboat.data-dir", () -> dataDir);
        registry.add("lifeboat.storage.targets.local.path", () -> dataDir + "/backups");
    }

    @AfterEach
    void endEveryGrant() {
        clock.advance(Duration.ofDays(1));
        sweeper.sweep();
    }

    @Test
    void anOperatorActsAsCommanderUntilTheGrantExpires() {
        assertThat(call("operator", HttpMethod.POST, "/api/incidents", DECLARE_INCIDENT).getStatusCode().value())
                .isEqualTo(403);

        ResponseEntity<JsonNode> granted = grant("commander", "operator", 30, "primary DB down, commander on a plane");

        assertThat(granted.getStatusCode().value()).isEqualTo(201);
        JsonNode grant = granted.getBody();
        String id = grant.path("id").asText();
        assertThat(grant.path("user").asText()).isEqualTo("operator");
        assertThat(grant.path("grantedBy").asText()).isEqualTo("commander");
        assertThat(Instant.parse(grant.path("expiresAt").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MICROS));
        assertThat(isCommander("operator")).isTrue();

        assertThat(call("operator", HttpMethod.POST, "/api/incidents", DECLARE_INCIDENT).getStatusCode().value())
                .isEqualTo(201);
        assertThat(events(id)).extracting(AuditEvent::action, AuditEvent::actor, AuditEvent::detail)
                .contains(tuple("break-glass.used", "operator", "POST /api/incidents"));
        assertThat(events(id).get(0)).satisfies(event -> {
            assertThat(event.action()).isEqualTo("break-glass.granted");
            assertThat(event.actor()).isEqualTo("commander");
            assertThat(event.detail()).contains("operator", grant.path("expiresAt").asText(), "primary DB down");
        });
        assertThat(call("auditor", HttpMethod.GET, "/api/break-glass", null).getBody())
                .anySatisfy(listed -> {
                    assertThat(listed.path("id").asText()).isEqualTo(id);
                    assertThat(listed.path("active").asBoolean()).isTrue();
                    assertThat(listed.path("membershipAdded").asBoolean()).isTrue();
                });

        clock.advance(Duration.ofMinutes(31));
        sweeper.sweep();
        sweeper.sweep();

        assertThat(isCommander("operator")).isFalse();
        assertThat(call("operator", HttpMethod.POST, "/api/incidents", DECLARE_INCIDENT).getStatusCode().value())
                .isEqualTo(403);
        assertThat(events(id)).extracting(AuditEvent::action).filteredOn("break-glass.expired"::equals).hasSize(1);
        assertThat(events(id)).last().satisfies(event -> {
            assertThat(event.action()).as("no use audited after expiry").isEqualTo("break-glass.expired");
            assertThat(event.actor()).isEqualTo(BreakGlassService.SWEEPER);
        });
        assertThat(call("commander", HttpMethod.GET, "/api/break-glass", null).getBody())
                .anySatisfy(listed -> {
                    assertThat(listed.path("id").asText()).isEqualTo(id);
                    assertThat(listed.path("active").asBoolean()).isFalse();
                    assertThat(listed.path("endReason").asText()).isEqualTo(BreakGlassService.EXPIRED);
                });
        assertThat(auditTrail.verify().valid()).isTrue();
    }

    /** The webapps poll, so their use is recorded once per login session, not per request. */
    @Test
    void useOfTheCamundaWebappsIsAuditedOncePerSession() throws Exception {
        String id = grant("commander", "operator", 30, "approve the restore task in Tasklist").getBody().path("id").asText();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
        // the first page sets the webapps' CSRF cookie, which their API wants back in a header
        assertThat(browser.send(HttpRequest.newBuilder(webapp("/camunda/app/tasklist/default/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(webapp("/camunda/api/admin/auth/user/default/login/tasklist"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", csrfToken(browser))
                .POST(HttpRequest.BodyPublishers.ofString("username=operator&password=operator")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

        for (int poll = 0; poll < 3; poll++) {
            HttpResponse<String> tasks = browser.send(HttpRequest.newBuilder(webapp("/camunda/api/engine/engine/default/task/count"))
                    .header("X-XSRF-TOKEN", csrfToken(browser)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
        }

        assertThat(events(id)).filteredOn(event -> event.action().equals("break-glass.used")).singleElement()
                .satisfies(event -> {
                    assertThat(event.actor()).isEqualTo("operator");
                    assertThat(event.detail()).isEqualTo("Camunda webapps, first request of the session: "
                            + "GET /camunda/api/engine/engine/default/task/count");
                });
    }

    @Test
    void aGrantToACommanderLeavesTheirOwnMembershipInPlace() {
        ResponseEntity<JsonNode> granted = grant("admin", "commander", 10, "drill with the admin");
        assertThat(granted.getStatusCode().value()).isEqualTo(201);

        clock.advance(Duration.ofMinutes(11));
        sweeper.sweep();

        assertThat(isCommander("commander")).isTrue();
        assertThat(events(granted.getBody().path("id").asText())).extracting(AuditEvent::action)
                .containsExactly("break-glass.granted", "break-glass.expired");
    }

    @Test
    void aGrantPastItsExpiryThatTheSweeperHasNotReachedDoesNotBlockANewOne() {
        String first = grant("commander", "approver2", 5, "first shift").getBody().path("id").asText();
        clock.advance(Duration.ofMinutes(6));

        ResponseEntity<JsonNode> second = grant("commander", "approver2", 5, "second shift");

        assertThat(second.getStatusCode().value()).isEqualTo(201);
        assertThat(events(first)).extracting(AuditEvent::action).containsExactly("break-glass.granted", "break-glass.expired");
        assertThat(isCommander("approver2")).as("the new grant added the membership again").isTrue();
    }

    @Test
    void aCommanderEndsAGrantEarly() {
        String id = grant("commander", "approver", 60, "approver runs the restore").getBody().path("id").asText();
        assertThat(isCommander("approver")).isTrue();

        ResponseEntity<JsonNode> ended = call("commander", HttpMethod.DELETE, "/api/break-glass/" + id, null);

        assertThat(ended.getStatusCode().value()).isEqualTo(200);
        assertThat(ended.getBody().path("endReason").asText()).isEqualTo("ended early by commander");
        assertThat(isCommander("approver")).isFalse();
        assertThat(events(id)).extracting(AuditEvent::action).containsExactly("break-glass.granted", "break-glass.ended");

        ResponseEntity<JsonNode> again = call("commander", HttpMethod.DELETE, "/api/break-glass/" + id, null);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().path("detail").asText()).contains(id, "ended already");
        assertThat(call("commander", HttpMethod.DELETE, "/api/break-glass/bg-nothing", null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(call("approver", HttpMethod.DELETE, "/api/break-glass/" + id, null).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void invalidGrantsAreRefusedSayingWhatIsWrong() {
        assertRefused(grant("commander", "nobody-here", 30, "x"), 404, "nobody-here");
        assertRefused(grant("commander", "approver", 0, "x"), 400, "minutes");
        assertRefused(grant("commander", "approver", 241, "x"), 400, "minutes");
        assertRefused(call("commander", HttpMethod.POST, "/api/break-glass", Map.of("user", "approver", "minutes", 30)),
                400, "reason");
        assertRefused(grant("commander", "commander", 30, "x"), 400, "themself");
        assertThat(isCommander("approver")).as("no refused grant left a membership").isFalse();

        String expiresAt = grant("commander", "approver", 30, "first").getBody().path("expiresAt").asText();
        assertRefused(grant("admin", "approver", 60, "second"), 409, expiresAt);
    }

    @Test
    void onlyCommandersAndAdminsGrantAndOnlyTheyAndAuditorsList() {
        assertThat(grant("operator", "approver", 30, "x").getStatusCode().value()).isEqualTo(403);
        assertThat(grant("auditor", "approver", 30, "x").getStatusCode().value()).isEqualTo(403);
        assertThat(call("operator", HttpMethod.GET, "/api/break-glass", null).getStatusCode().value()).isEqualTo(403);
        assertThat(call("auditor", HttpMethod.GET, "/api/break-glass", null).getStatusCode().value()).isEqualTo(200);
        assertThat(isCommander("approver")).isFalse();
    }

    @Test
    void aCommanderOnlyThroughBreakGlassCannotGrantIt() {
        grant("commander", "operator", 30, "on call");

        ResponseEntity<JsonNode> chained = grant("operator", "approver", 30, "pass it on");

        assertRefused(chained, 403, "only through break-glass");
        assertThat(isCommander("approver")).isFalse();
    }

    private URI webapp(String path) {
        return URI.create(http.getRootUri() + path);
    }

    private static String csrfToken(HttpClient browser) {
        return ((CookieManager) browser.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN")).findFirst()
                .orElseThrow(() -> new AssertionError("the webapps set no XSRF-TOKEN cookie")).getValue();
    }

    private void assertRefused(ResponseEntity<JsonNode> response, int status, String named) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getBody().path("detail").asText()).contains(named);
    }

    private ResponseEntity<JsonNode> grant(String commander, String user, int minutes, String reason) {
        return call(commander, HttpMethod.POST, "/api/break-glass",
                Map.of("user", user, "minutes", minutes, "reason", reason));
    }

    /** Demo users have their name as password; never call with a wrong one, Camunda would lock the user out. */
    private ResponseEntity<JsonNode> call(String user, HttpMethod method, String path, Object body) {
        return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body), JsonNode.class);
    }

    private boolean isCommander(String user) {
        return identityService.createUserQuery().userId(user).memberOfGroup(Roles.COMMANDERS).count() == 1;
    }

    private List<AuditEvent> events(String grantId) {
        return auditTrail.events("break-glass/" + grantId, null);
    }

    /** The application's clock, moved forward by tests. */
    static final class MovableClock extends Clock {

        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC only");
        }
    }

    @TestConfiguration
    static class MovableClockConfiguration {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }
}
