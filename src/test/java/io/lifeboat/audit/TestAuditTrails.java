package io.lifeboat.audit;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** An audit trail on a test's database, keyed with a test-only key, its checkpoints in a test's directory. */
public final class TestAuditTrails {

    static final AuditKey KEY = AuditKey.of("test-only-audit-key-0123456789abcdef");

    private TestAuditTrails() {
    }

    public static AuditTrail on(DataSource database, PlatformTransactionManager transactions, Path checkpointDir) {
        return new AuditTrail(new JdbcTemplate(database), transactions, KEY, checkpoints(checkpointDir));
    }

    static AuditCheckpoints checkpoints(Path checkpointDir) {
        return new AuditCheckpoints(checkpointDir, KEY, Clock.systemUTC());
    }
}
