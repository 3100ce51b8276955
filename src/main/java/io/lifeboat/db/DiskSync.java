package io.lifeboat.db;

import java.sql.DatabaseMetaData;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Puts what has been committed on the disk before an answer promises that it is stored.
 *
 * <p>PostgreSQL's commit already flushes its WAL to disk (the default {@code synchronous_commit=on}): nothing to do.
 * H2's does not. With {@code WRITE_DELAY=0} (the default URL in {@code application.yaml}) each commit is written to
 * the file before it returns, which survives the JVM being killed ({@code kill -9}, the OOM killer), but the bytes may
 * sit in the operating system's cache for half a minute and are lost with its crash or a power cut.
 * {@code CHECKPOINT SYNC} writes and fsyncs the file. Callers at the same time share one: a sync that started after a
 * caller's commit covers it (a group commit), so a storm of many senders costs far fewer fsyncs than alerts.
 */
@Component
public class DiskSync {

    private final JdbcTemplate jdbc;
    private final boolean needed;
    /** Numbers the callers; a sync covers every caller numbered before it started. */
    private final AtomicLong callers = new AtomicLong();
    private final Object syncing = new Object();
    /** Guarded by {@link #syncing}: the callers the last finished sync covered. */
    private long covered;

    public DiskSync(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.needed = "H2".equals(productName(dataSource));
    }

    /**
     * Call after the commit and before the answer. On H2 it returns once the file holds the commit on disk.
     *
     * @throws org.springframework.dao.DataAccessException when the sync failed: the data is committed but perhaps not
     *                                                     on disk, so the caller should not promise it (the sender
     *                                                     retries, and a repeated alert is counted, not lost)
     */
    public void afterCommit() {
        if (!needed) {
            return;
        }
        long caller = callers.incrementAndGet();
        synchronized (syncing) {
            if (covered >= caller) {
                return;
            }
            long upTo = callers.get();
            jdbc.execute("CHECKPOINT SYNC");
            covered = upTo;
        }
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database Lifeboat runs on: " + e.getMessage(), e);
        }
    }
}
