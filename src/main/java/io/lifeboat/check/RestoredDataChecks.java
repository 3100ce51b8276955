package io.lifeboat.check;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.DrillCheck;

/**
 * Runs a service's drill checks on its restored data, where the agent restored it (in-process or on a data host): it
 * needs the catalog's checks and the agents, no Lifeboat database. Shared by the restore runbook and restore drills.
 *
 * <p>A check naming {@code dataSource} reads that data source; otherwise a file check reads the first restored data
 * source whose directory holds the file, a search in files the first restored directory, a SQL check the first
 * restored database; a script reads them all. A check whose data the restore left
 * out (a data source not restored, a file outside the restored {@code paths}) is skipped, saying why; one that cannot
 * run on data that was restored (a missing file, a missing table, a backup without checksums) fails, saying why.
 */
@Component
public class RestoredDataChecks {

    private static final Map<String, CheckType> TYPES = Map.of(
            DrillCheck.FILE_CHECKSUM, new FileChecksumCheck(),
            DrillCheck.ROW_COUNT, new RowCountCheck(),
            DrillCheck.SQL, new SqlCheck(),
            DrillCheck.REFERENCES, new ReferencesCheck(),
            DrillCheck.FOREIGN_KEYS, new ForeignKeysCheck(),
            DrillCheck.AMCHECK, new AmcheckCheck(),
            DrillCheck.SEARCH, new SearchCheck(),
            DrillCheck.SCRIPT, new ScriptCheck());

    private final int queryTimeoutSeconds;

    /** @param queryTimeout how long one query of a check may run before it is cancelled and the check fails */
    public RestoredDataChecks(@Value("${lifeboat.checks.query-timeout:PT10M}") Duration queryTimeout) {
        if (queryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("lifeboat.checks.query-timeout must be a second or more, not " + queryTimeout);
        }
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds());
    }

    /**
     * Runs every check in order, each to a result: a failing or unrunnable check is a result saying why, never an
     * exception.
     *
     * @param restored every data source of the service, those the restore left out as {@link RestoredSource#notRestored}
     */
    public List<CheckResult> run(List<DrillCheck> checks, List<RestoredSource> restored) {
        try (RestoredSources sources = new RestoredSources(restored, queryTimeoutSeconds)) {
            return checks.stream().map(check -> run(check, sources)).toList();
        }
    }

    private static CheckResult run(DrillCheck check, RestoredSources sources) {
        long started = System.nanoTime();
        CheckType type = check.type() == null ? null : TYPES.get(check.type());
        // the catalog refuses a check without a name; one made elsewhere is still reported, under its type
        String name = check.name() != null ? check.name() : "unnamed " + check.type();
        boolean passed = false;
        boolean skipped = false;
        String evidence;
        try {
            if (check.name() == null) {
                evidence = "setting 'name' is missing";
            } else if (type == null) {
                evidence = "unknown check type '" + check.type() + "'; known: " + String.join(", ", DrillCheck.TYPES);
            } else {
                Verdict verdict = type.run(check, sources);
                passed = verdict.passed();
                evidence = verdict.evidence();
            }
        } catch (CheckNotRun e) {
            skipped = e.isSkipped();
            evidence = (skipped ? "skipped: " : "") + e.getMessage();
        } catch (SQLException e) {
            evidence = "the query failed: " + e.getMessage();
        } catch (AgentException e) {
            evidence = e.getMessage();
        } catch (IOException e) {
            evidence = "cannot read the restored data: " + e;
        } catch (RuntimeException e) {
            // a check that breaks is a failed check on the record, never a restore that stops without saying why
            evidence = "the check broke: " + e;
        } finally {
            sources.endCheck();
        }
        return new CheckResult(name, check.type(), passed, skipped, evidence, (System.nanoTime() - started) / 1_000_000);
    }
}
