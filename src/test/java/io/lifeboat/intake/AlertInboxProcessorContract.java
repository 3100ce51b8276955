package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The inbox processor on a real database (subclasses choose it), with the real migrations: order per service,
 * failures, and a row another node holds.
 */
abstract class AlertInboxProcessorContract {

    private static final Instant NOW = Instant.parse("2026-11-22T02:00:00Z");

    DataSource database;
    AlertInbox inbox;
    TransactionTemplate transaction;
    RecordingAlertHandler handler;
    AlertInboxProcessor processor;

    abstract DataSource freshDatabase();

    @BeforeEach
    void setUp() {
        database = freshDatabase();
        Flyway.configure().dataSource(database).table("lifeboat_schema_history").load().migrate();
        inbox = new AlertInbox(new NamedParameterJdbcTemplate(database));
        transaction = new TransactionTemplate(new JdbcTransactionManager(database));
        handler = new RecordingAlertHandler();
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("handler", handler));
        processor = new AlertInboxProcessor(inbox, beans.getBeanProvider(AlertHandler.class), transaction,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new IntakeProperties(DataSize.ofMegabytes(1), Map.of(), new IntakeProperties.Processor(true, null, 100)));
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
                transaction, Clock.fixed(NOW, ZoneOffset.UTC),
                new IntakeProperties(DataSize.ofMegabytes(1), Map.of(), new IntakeProperties.Processor(true, null, 100)));

        assertThat(failing.processPending()).isZero();

        assertThat(jdbc.queryForObject("select count(*) from handler_effect", Integer.class)).isZero();
        assertThat(row(id)).containsEntry("PROCESSED_AT", null);
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
