package io.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditTrail.ChainVerification;

/**
 * The trail's behaviour on a real database, migrated by the real Flyway scripts. Subclasses supply a fresh, empty
 * database per test.
 */
abstract class AuditTrailContract {

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactionManager;
    private AuditTrail trail;

    /** A new, empty database. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSource dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).table("lifeboat_schema_history").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        trail = new AuditTrail(jdbc, transactionManager);
    }

    @Test
    void anEmptyTrailIsValid() {
        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, 0, null));
    }

    @Test
    void appendedEventsFormAValidChainStartingFromZeros() {
        List<AuditEvent> appended = appendFive();

        assertThat(appended.get(0).previousHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < appended.size(); i++) {
            assertThat(appended.get(i).previousHash()).isEqualTo(appended.get(i - 1).hash());
        }
        assertThat(appended).extracting(AuditEvent::hash).allMatch(hash -> hash.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();
        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, 5, null));
    }

    @Test
    void aRereadEventEqualsTheAppendedOneToTheMicrosecond() {
        List<AuditEvent> appended = appendFive();

        assertThat(trail.events(null, null)).containsExactlyElementsOf(appended);
    }

    @Test
    void aChangedFieldIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long third = appended.get(2).id();

        jdbc.update("UPDATE audit_event SET detail = 'nothing to see' WHERE id = ?", third);

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 5, third));
    }

    @Test
    void aChangedTimestampIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long second = appended.get(1).id();

        jdbc.update("UPDATE audit_event SET occurred_at = ? WHERE id = ?",
                OffsetDateTime.parse("2020-01-01T00:00:00Z"), second);

        assertThat(trail.verify().firstBrokenId()).isEqualTo(second);
    }

    @Test
    void aRecomputedHashIsReportedAtTheNextRow() {
        List<AuditEvent> appended = appendFive();
        AuditEvent third = appended.get(2);
        // a forger who changes a field and recomputes that row's hash still breaks the link from the next row
        AuditEvent forged = new AuditEvent(third.id(), third.occurredAt(), "someone-else", third.action(),
                third.subject(), third.service(), third.trigger(), third.reason(), third.detail(),
                third.previousHash(), null);
        jdbc.update("UPDATE audit_event SET actor = ?, hash = ? WHERE id = ?",
                forged.actor(), AuditHash.of(forged), third.id());

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 5, appended.get(3).id()));
    }

    @Test
    void aChangedHashIsReportedAtItsRow() {
        List<AuditEvent> appended = appendFive();
        long fourth = appended.get(3).id();

        jdbc.update("UPDATE audit_event SET hash = ? WHERE id = ?", "f".repeat(64), fourth);

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 5, fourth));
    }

    @Test
    void aDeletedMiddleRowIsReportedAtTheNextRow() {
        List<AuditEvent> appended = appendFive();

        jdbc.update("DELETE FROM audit_event WHERE id = ?", appended.get(2).id());

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 4, appended.get(3).id()));
    }

    @Test
    void aDeletedNewestRowIsReportedAsMissing() {
        List<AuditEvent> appended = appendFive();
        long newest = appended.get(4).id();

        jdbc.update("DELETE FROM audit_event WHERE id = ?", newest);

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 4, newest));
    }

    @Test
    void aRewrittenHeadIsReportedAtTheNewestRow() {
        List<AuditEvent> appended = appendFive();

        jdbc.update("UPDATE audit_chain_head SET last_hash = ? WHERE id = 1", "a".repeat(64));

        assertThat(trail.verify()).isEqualTo(new ChainVerification(false, 5, appended.get(4).id()));
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        int threads = 6;
        int perThread = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> writers = IntStream.range(0, threads)
                    .<Callable<Void>>mapToObj(writer -> () -> {
                        for (int i = 0; i < perThread; i++) {
                            trail.append(new AuditRecord("writer-" + writer, "test.concurrent", "test/" + i,
                                    null, "api", null, null));
                        }
                        return null;
                    })
                    .toList();
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, threads * perThread, null));
        assertThat(trail.events(null, null)).extracting(AuditEvent::previousHash).doesNotHaveDuplicates();
    }

    @Test
    void anAppendRollsBackWithTheCallersTransaction() {
        appendFive();

        TransactionTemplate callers = new TransactionTemplate(transactionManager);
        callers.executeWithoutResult(status -> {
            trail.append(new AuditRecord("operator", "backup.requested", "backup/bk-rolled-back", "crm", "api",
                    null, null));
            status.setRollbackOnly();
        });

        assertThat(trail.events("backup/bk-rolled-back", null)).isEmpty();
        assertThat(trail.append(record("backup/bk-after", "crm")).id()).isEqualTo(6);
        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, 6, null));
    }

    @Test
    void eventsAreFilteredBySubjectAndService() {
        trail.append(record("backup/bk-1", "crm"));
        trail.append(record("backup/bk-2", "knowledge-base"));
        trail.append(record("backup/bk-1", "crm"));
        trail.append(record("service/crm", "crm"));

        assertThat(trail.events("backup/bk-1", null)).extracting(AuditEvent::id).containsExactly(1L, 3L);
        assertThat(trail.events(null, "crm")).extracting(AuditEvent::id).containsExactly(1L, 3L, 4L);
        assertThat(trail.events("service/crm", "crm")).extracting(AuditEvent::id).containsExactly(4L);
        assertThat(trail.events("backup/bk-2", "crm")).isEmpty();
        assertThat(trail.events(null, null)).hasSize(4);
    }

    @Test
    void aRecordWithoutActorIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> trail.append(new AuditRecord(" ", "backup.requested", null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'actor'");
        assertThatThrownBy(() -> trail.append(new AuditRecord("operator", "backup.failed", null, null, null, null,
                "x".repeat(4001))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'detail'");

        assertThat(trail.verify()).isEqualTo(new ChainVerification(true, 0, null));
    }

    private List<AuditEvent> appendFive() {
        List<AuditEvent> appended = new ArrayList<>();
        appended.add(trail.append(new AuditRecord("system:scheduler", "backup.requested", "backup/bk-1", "crm",
                "schedule", "daily policy", null)));
        appended.add(trail.append(new AuditRecord("system:engine", "backup.succeeded", "backup/bk-1", "crm",
                "schedule", null, "12 files, 3.1 MiB")));
        appended.add(trail.append(new AuditRecord("commander", "backup.requested", "backup/bk-2", "ticket-db",
                "incident", "INC-42: disk errors", "ünïcödé and ; separators: 3:abc;")));
        appended.add(trail.append(new AuditRecord("system:engine", "backup.failed", "backup/bk-2", "ticket-db",
                "incident", null, "")));
        appended.add(trail.append(new AuditRecord("operator", "backup.retried", "backup/bk-2", "ticket-db",
                "api", "retry after fix", null)));
        return appended;
    }

    private static AuditRecord record(String subject, String service) {
        return new AuditRecord("operator", "test.filtered", subject, service, "api", null, null);
    }
}
