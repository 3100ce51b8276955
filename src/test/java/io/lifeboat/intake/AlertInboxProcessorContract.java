package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import io.lifeboat.audit.AuditEvent;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.audit.TestAuditTrails;
import io.lifeboat.web.ApiRefusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The inbox processor on a real database (subclasses choose it), with the real migrations: order per service,
 * failures, a row another node holds, skipping a stuck alert and purging processed ones.
 */
abstract class AlertInboxProcessorContract {

    private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final IntakeProperties PROPERTIES = new IntakeProperties(DataSize.ofMegabytes(1), Map.of(),
            new IntakeProperties.Processor(true, null, 100), Duration.ofDays(30), Duration.ofMinutes(5));

    @TempDir
    Path checkpointDir;
    DataSource database;
    AlertInbox inbox;
    TransactionTemplate transaction;
    RecordingAlertHandler handler;
    AlertInboxProcessor processor;
    AuditTrail audit;
    StuckAlerts stuck;

    abstract DataSource freshDatabase();

    /** Whether some session of the database waits for a row lock right now. */
    abstract boolean aSessionWaitsForALock(JdbcTemplate jdbc);

    @BeforeEach
    void setUp() {
        database = freshDatabase();
        Flyway.configure().dataSource(database).table("lifeboat_schema_history").load().migrate();
        inbox = new AlertInbox(new NamedParameterJdbcTemplate(database));
        JdbcTransactionManager transactions = new JdbcTransactionManager(database);
        transaction = new TransactionTemplate(transactions);
        handler = new RecordingAlertHandler();
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("handler", handler));
        processor = new AlertInboxProcessor(inbox, beans.getBeanProvider(AlertHandler.class), transaction, CLOCK, PROPERTIES);
        audit = TestAuditTrails.on(database, transactions, checkpointDir);
        stuck = new StuckAlerts(inbox, audit, transaction, CLOCK);
    }

    private long store(String service, String fingerprint) {
        Alert alert = new Alert("api", fingerprint, AlertStatus.FIRING, "BackupFailed", "critical", "summary",
                Map.of("alertname", "BackupFailed"), Map.of(), NOW, null);
        return transaction.execute(status -> inbox.insert(new AlertInbox.NewRow(NOW, service, alert, null)));
    }

    @Test
    void everyRowIsHandedOverOnceInAcceptOrder() {
        long first = store("vault", "f1");
        long second = store("notes", "f2");
        long third = store("vault", "f3");

        assertThat(processor.processPending()).isEqualTo(3);
        assertThat(processor.processPending()).isZero();

        assertThat(handler.ids()).containsExactly(first, second, third);
        assertThat(handler.calls().get(0).alert().fingerprint()).isEqualTo("f1");
        assertThat(row(first)).containsEntry("ATTEMPTS", 1).containsEntry("LAST_ERROR", null);
        assertThat(row(first).get("PROCESSED_AT")).isNotNull();
    }

    @Test
    void aFailingAlertHoldsBackItsServiceOnlyAndIsRetriedNextRound() {
        long vault1 = store("vault", "vault-1");
        long notes1 = store("notes", "notes-1");
        long vault2 = store("vault", "vault-2");
        long unmatched1 = store(null, "unmatched-1");
        long notes2 = store("notes", "notes-2");
        handler.failFor("vault-1");

        assertThat(processor.processPending()).isEqualTo(3);
        assertThat(processor.processPending()).isZero();

        assertThat(handler.ids()).containsExactly(notes1, unmatched1, notes2);
        Map<String, Object> failed = row(vault1);
        assertThat(failed).containsEntry("ATTEMPTS", 2).containsEntry("PROCESSED_AT", null);
        assertThat((String) failed.get("LAST_ERROR")).contains("handler refuses vault-1");
        assertThat(row(vault2)).containsEntry("PROCESSED_AT", null).containsEntry("ATTEMPTS", 0);

        handler.heal();
        assertThat(processor.processPending()).isEqualTo(2);

        assertThat(handler.ids()).containsExactly(notes1, unmatched1, notes2, vault1, vault2);
        assertThat(row(vault1)).containsEntry("ATTEMPTS", 3);
    }

    @Test
    void aRowHeldByAnotherNodeIsSkippedAndItsServiceWaitsForIt() throws Exception {
        long vault1 = store("vault", "vault-1");
        long vault2 = store("vault", "vault-2");
        long notes1 = store("notes", "notes-1");

        try (Connection otherNode = database.getConnection()) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement claim = otherNode.prepareStatement(
                    "select alert from alert_inbox where id = ? for update skip locked")) {
                claim.setLong(1, vault1);
                try (ResultSet claimed = claim.executeQuery()) {
                    assertThat(claimed.next()).isTrue();
                }
            }

            assertThat(processor.processPending()).isEqualTo(1);
            assertThat(handler.ids()).containsExactly(notes1);
            otherNode.rollback();
        }

        assertThat(processor.processPending()).isEqualTo(2);
        assertThat(handler.ids()).containsExactly(notes1, vault1, vault2);
    }

    @Test
    void theHandlersWorkAndTheProcessedMarkCommitTogether() {
        long id = store("vault", "f1");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.execute("create table handler_effect (alert_id bigint)");
        AlertHandler writesThenFails = (alertId, alert) -> {
            jdbc.update("insert into handler_effect (alert_id) values (?)", alertId);
            throw new IllegalStateException("after the write");
        };
        AlertInboxProcessor failing = new AlertInboxProcessor(inbox,
                new StaticListableBeanFactory(Map.of("handler", writesThenFails)).getBeanProvider(AlertHandler.class),
                transaction, CLOCK, PROPERTIES);

        assertThat(failing.processPending()).isZero();

        assertThat(jdbc.queryForObject("select count(*) from handler_effect", Integer.class)).isZero();
        assertThat(row(id)).containsEntry("PROCESSED_AT", null);
    }

    @Test
    void aStuckAlertIsListedWithWhatWaitsBehindItAndSkippingItLetsItsServiceGoOn() {
        long stuckAlert = store("vault", "vault-1");
        long later = store("vault", "vault-2");
        long other = store("notes", "notes-1");
        handler.failFor("vault-1");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        new AlertInboxMetrics(metrics, inbox);

        processor.processPending();

        assertThat(stuck.failing()).singleElement().satisfies(failing -> {
            assertThat(failing.id()).isEqualTo(stuckAlert);
            assertThat(failing.service()).isEqualTo("vault");
            assertThat(failing.fingerprint()).isEqualTo("vault-1");
            assertThat(failing.source()).isEqualTo("api");
            assertThat(failing.receivedAt()).isEqualTo(NOW);
            assertThat(failing.attempts()).isEqualTo(1);
            assertThat(failing.lastError()).contains("handler refuses vault-1");
            assertThat(failing.lastAttemptAt()).isEqualTo(NOW);
            assertThat(failing.waitingBehind()).isEqualTo(1);
        });
        assertThat(metrics.get("lifeboat.intake.failing.alerts").gauge().value()).isEqualTo(1.0);

        SkippedAlert skipped = stuck.skip(stuckAlert, "poison payload, handled by hand in INC-7", "commander");

        assertThat(skipped.skippedBy()).isEqualTo("commander");
        assertThat(skipped.skippedAt()).isEqualTo(NOW);
        assertThat(skipped.attempts()).isEqualTo(1);
        assertThat(stuck.failing()).isEmpty();
        assertThat(metrics.get("lifeboat.intake.failing.alerts").gauge().value()).isZero();
        assertThat(processor.processPending()).isEqualTo(1);
        assertThat(handler.ids()).containsExactly(other, later);
        assertThat(audit.events("alert/" + stuckAlert, null)).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("alert.skipped");
            assertThat(event.actor()).isEqualTo("commander");
            assertThat(event.service()).isEqualTo("vault");
            assertThat(event.reason()).isEqualTo("poison payload, handled by hand in INC-7");
            assertThat(event.detail()).contains("vault-1", "1 failed attempts", "handler refuses vault-1");
        });
    }

    @Test
    void onlyAnUnprocessedAlertCanBeSkippedAndARefusalSaysWhy() {
        long poison = store("vault", "vault-1");
        long handled = store("notes", "notes-1");
        handler.failFor("vault-1");
        processor.processPending();
        stuck.skip(poison, "poison", "commander");

        assertThatThrownBy(() -> stuck.skip(poison, "again", "operator"))
                .isInstanceOfSatisfying(ApiRefusal.class, refusal -> assertThat(refusal.status().value()).isEqualTo(409))
                .hasMessage("alert " + poison + " was already skipped by commander at " + NOW + ": poison");
        assertThatThrownBy(() -> stuck.skip(handled, "not needed", "operator"))
                .isInstanceOfSatisfying(ApiRefusal.class, refusal -> assertThat(refusal.status().value()).isEqualTo(409))
                .hasMessageStartingWith("alert " + handled + " was already processed at " + NOW);
        assertThatThrownBy(() -> stuck.skip(9999, "typo", "operator"))
                .isInstanceOfSatisfying(ApiRefusal.class, refusal -> assertThat(refusal.status().value()).isEqualTo(404))
                .hasMessageStartingWith("no alert 9999 in the inbox");
        assertThat(audit.events(null, null)).extracting(AuditEvent::subject).containsExactly("alert/" + poison);
    }

    @Test
    void aSkipOfTheAlertBeingHandledRightNowWaitsAndThenFindsItProcessed() throws Exception {
        long id = store("vault", "vault-1");
        JdbcTemplate jdbc = new JdbcTemplate(database);

        CompletableFuture<SkippedAlert> skip;
        try (Connection processingNode = database.getConnection()) {
            processingNode.setAutoCommit(false);
            try (PreparedStatement claim = processingNode.prepareStatement(
                    "select alert from alert_inbox where id = ? and processed_at is null for update skip locked")) {
                claim.setLong(1, id);
                try (ResultSet claimed = claim.executeQuery()) {
                    assertThat(claimed.next()).isTrue();
                }
            }
            skip = CompletableFuture.supplyAsync(() -> stuck.skip(id, "seems stuck", "operator"));
            await().until(() -> aSessionWaitsForALock(jdbc));
            try (PreparedStatement processed = processingNode.prepareStatement(
                    "update alert_inbox set processed_at = ?, attempts = attempts + 1 where id = ?")) {
                processed.setObject(1, NOW.atOffset(ZoneOffset.UTC));
                processed.setLong(2, id);
                processed.executeUpdate();
            }
            processingNode.commit();
        }

        assertThat(skip).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(ApiRefusal.class).withMessageContaining("was already processed");
        assertThat(jdbc.queryForObject("select skipped_by from alert_inbox where id = ?", String.class, id)).isNull();
        assertThat(audit.events(null, null)).isEmpty();
    }

    @Test
    void purgeDeletesProcessedAndSkippedAlertsOlderThanTheRetentionAndNothingUnprocessed() {
        long oldProcessed = store("notes", "old-processed");
        long recentProcessed = store("notes", "recent-processed");
        long oldSkipped = store("vault", "old-skipped");
        long oldUnprocessed = store("vault", "old-unprocessed");
        handler.failFor("old-skipped");
        processor.processPending();
        stuck.skip(oldSkipped, "poison", "commander");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        Instant longAgo = NOW.minus(Duration.ofDays(31));
        jdbc.update("update alert_inbox set processed_at = ? where id in (?, ?)", longAgo.atOffset(ZoneOffset.UTC),
                oldProcessed, oldSkipped);
        jdbc.update("update alert_inbox set processed_at = ? where id = ?",
                NOW.minus(Duration.ofDays(29)).atOffset(ZoneOffset.UTC), recentProcessed);
        jdbc.update("update alert_inbox set received_at = ? where id = ?", longAgo.atOffset(ZoneOffset.UTC), oldUnprocessed);

        assertThat(new AlertInboxPurge(inbox, CLOCK, PROPERTIES).purge()).isEqualTo(2);

        assertThat(jdbc.queryForList("select id from alert_inbox order by id", Long.class))
                .containsExactly(recentProcessed, oldUnprocessed);
    }

    @Test
    void healthIsDownNamingEachServiceWhoseAlertFailedLongerThanTheLimitAndUpOnceItIsProcessed() {
        long poison = store("vault", "vault-poison");
        store("vault", "vault-later");
        store(null, "unmatched-poison");
        store("notes", "notes-fine");
        handler.failFor("vault-poison");
        handler.failFor("unmatched-poison");
        processor.processPending();
        processor.processPending();
        Duration limit = PROPERTIES.failingHealthAfter();

        assertThat(healthAt(NOW.plus(limit)).getStatus()).as("failing exactly as long as allowed").isEqualTo(Status.UP);
        Health down = healthAt(NOW.plus(limit).plusSeconds(1));
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsOnlyKeys("failingLongerThan", "services").containsEntry("failingLongerThan", "PT5M");
        assertThat(down.getDetails().get("services")).isEqualTo(Map.of(
                "vault", Map.of("failingAlerts", 1L, "unprocessedAlerts", 2L),
                IntakeHealthIndicator.NO_SERVICE, Map.of("failingAlerts", 1L, "unprocessedAlerts", 1L)));

        // failing again later does not restart the clock
        new AlertInboxProcessor(inbox, new StaticListableBeanFactory(Map.of("handler", handler)).getBeanProvider(AlertHandler.class),
                transaction, Clock.fixed(NOW.plus(limit), ZoneOffset.UTC), PROPERTIES).processPending();
        assertThat(row(poison).get("ATTEMPTS")).isEqualTo(3);
        assertThat(healthAt(NOW.plus(limit).plusSeconds(1)).getStatus()).isEqualTo(Status.DOWN);
        handler.heal();
        processor.processPending();
        assertThat(row(poison).get("PROCESSED_AT")).isNotNull();
        assertThat(healthAt(NOW.plus(limit).plusSeconds(1)).getStatus()).isEqualTo(Status.UP);
    }

    private Health healthAt(Instant now) {
        return new IntakeHealthIndicator(inbox, Clock.fixed(now, ZoneOffset.UTC), PROPERTIES).health();
    }

    private Map<String, Object> row(long id) {
        List<Map<String, Object>> rows = new JdbcTemplate(database).queryForList(
                "select processed_at, attempts, last_error from alert_inbox where id = ?", id);
        // column names differ in case between H2 and PostgreSQL
        Map<String, Object> row = new HashMap<>();
        rows.get(0).forEach((column, value) -> row.put(column.toUpperCase(Locale.ROOT), value));
        return row;
    }
}
