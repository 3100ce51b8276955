package io.lifeboat.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.check.CheckResult;
import io.lifeboat.drill.DrillRepository.Ending;
import io.lifeboat.drill.DrillVerdicts.Findings;
import io.lifeboat.drill.DrillVerdicts.Judgement;
import io.lifeboat.restore.RestoreRecord;
import io.lifeboat.restore.RestoreService;
import io.lifeboat.web.ApiRefusal;

/** What the drill runbook's steps record: its sandbox, its restore, its verdict, each audited. */
@Service
public class DrillSteps {

    /** The actor of what Lifeboat does for a drill on its own. */
    public static final String SYSTEM = "system:drill";

    private final DrillRepository drills;
    private final RestoreService restores;
    private final AuditTrail audit;
    private final DrillMetrics metrics;
    private final DrillProperties properties;
    private final DrillReport report;
    private final Catalog catalog;
    private final TransactionTemplate savepoint;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DrillSteps(DrillRepository drills, RestoreService restores, AuditTrail audit, DrillMetrics metrics,
               DrillProperties properties, DrillReport report, Catalog catalog, PlatformTransactionManager transactions,
               ApplicationEventPublisher events, Clock clock) {
        this.drills = drills;
        this.report = report;
        this.catalog = catalog;
        this.restores = restores;
        this.audit = audit;
        this.metrics = metrics;
        this.properties = properties;
        // a refused restore rolls back to a savepoint, not the drill step's whole transaction, which records the refusal
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.events = events;
        this.clock = clock;
    }

    /**
     * Asks the restore runbook for the sandbox restore, under the name of whoever asked for the drill.
     *
     * @return the restore's id
     * @throws BpmnError SERVICE_BUSY while a backup or restore of the service runs; SANDBOX_FAILED when the restore
     *                   refuses the sandbox or the restore point
     */
    String startRestore(String drillId, String sandboxJson) {
        DrillRecord drill = require(drillId);
        Map<String, Map<String, Object>> sandbox = DrillJson.sandbox(sandboxJson);
        drills.setSandbox(drillId, sandboxJson);
        try {
            RestoreService.Started started = savepoint.execute(status -> restores.requestSandbox(drill.service(),
                    drill.backupId(), drill.pointInTime(), sandbox, "restore drill " + drillId, drill.requestedBy()));
            String backupId = restores.find(started.id()).map(RestoreRecord::backupId).orElse(drill.backupId());
            drills.restoreStarted(drillId, started.id(), backupId, clock.instant());
            audit.append(new AuditRecord(drill.requestedBy(), "drill.restore-started", DrillService.subject(drillId),
                    drill.service(), drill.trigger(), "restore drill", "restore " + started.id() + " of backup " + backupId
                            + " into the sandbox " + sandboxJson));
            return started.id();
        } catch (ApiRefusal refused) {
            if (refused.status() == HttpStatus.CONFLICT) {
                throw new BpmnError(DrillRunbook.ERROR_SERVICE_BUSY, refused.getMessage());
            }
            throw new BpmnError(DrillRunbook.ERROR_SANDBOX_FAILED, "the restore refused the sandbox drill ("
                    + refused.status().value() + "): " + refused.getMessage());
        }
    }

    /** The sandbox restore ended: when, and the moment its data represents. */
    void restoreFinished(String drillId, Instant recoveredTo) {
        drills.restoreFinished(drillId, clock.instant(), recoveredTo);
    }

    /** The drill ran past its time limit: the restore, if still running, is cancelled, its plan kept for the teardown. */
    void timedOut(String drillId) {
        DrillRecord drill = require(drillId);
        audit.append(new AuditRecord(SYSTEM, "drill.timed-out", DrillService.subject(drillId), drill.service(),
                drill.trigger(), "restore drill", "ran past " + properties.timeLimit()));
    }

    /** What the runbook's variables hold when the verdict is recorded. */
    record Outcome(boolean timedOut, String sandboxProblem, String restoreState, List<SandboxDamage> damage,
                   List<String> unseenDamage, List<CheckResult> checks, Instant checksStartedAt, Instant checksFinishedAt,
                   DrillRecord.Teardown teardown) {
    }

    /**
     * Records the verdict with RTO and RPO, lets go of the service, counts it and publishes {@link DrillFinished};
     * the judgement is returned.
     */
    Judgement recordVerdict(String drillId, Outcome outcome) {
        DrillRecord drill = require(drillId);
        RestoreRecord restore = drill.restoreId() == null ? null : restores.find(drill.restoreId()).orElse(null);
        Instant now = clock.instant();
        boolean allPassed = !outcome.checks().isEmpty() && outcome.checks().stream().allMatch(CheckResult::passed);
        Long rto = allPassed && outcome.checksFinishedAt() != null && !drill.negativeControl()
                ? Duration.between(drill.timings().startedAt(), outcome.checksFinishedAt()).toSeconds() : null;
        Instant recoveredTo = restore == null ? null : restore.recoveredTo();
        Long rpo = recoveredTo == null ? null : Math.max(0, Duration.between(recoveredTo, drill.referenceTime()).toSeconds());
        Duration rtoObjective = Duration.parse(drill.objectives().rto());
        Duration rpoObjective = Duration.parse(drill.objectives().rpo());
        Judgement judgement = DrillVerdicts.judge(new Findings(outcome.timedOut(), properties.timeLimit(),
                outcome.sandboxProblem(), restore == null ? null : restore.state().name(),
                restore == null ? null : restore.failedStep(), restore == null ? "it never started" : restore.error(),
                drill.negativeControl(), outcome.damage(), outcome.unseenDamage(), outcome.checks(), rto, rpo, rtoObjective,
                rpoObjective));
        drills.finish(drillId, new Ending(judgement.verdict(), judgement.reason(), outcome.damage(), outcome.checks(),
                outcome.checksStartedAt(), outcome.checksFinishedAt(), rto, rpo, outcome.teardown(), now));
        drills.close(drillId);
        // the report as it reads from now on: its hash on record and in the trail, so a printed copy can be checked
        String reportSha256 = DrillReport.sha256(report.html(require(drillId), catalog.find(drill.service()).orElse(null)));
        drills.setReportHash(drillId, reportSha256);
        audit.append(new AuditRecord(SYSTEM, "drill." + judgement.verdict().value(), DrillService.subject(drillId),
                drill.service(), drill.trigger(), drill.negativeControl() ? "negative control" : "restore drill",
                judgement.reason() + (Boolean.FALSE.equals(outcome.teardown().succeeded())
                        ? "; teardown incomplete: " + outcome.teardown().detail() : "") + "; report SHA-256 " + reportSha256));
        metrics.finished(drill.service(), judgement.verdict());
        // the retry of an inconclusive drill is not retried again: inconclusive now, the runbook raises it to operators
        finished(drill, judgement.verdict(), judgement.reason(), rto,
                judgement.verdict() == DrillVerdict.INCONCLUSIVE && drill.retryOf() != null);
        return judgement;
    }

    /** What the owner group (or operators) did about a failed or twice inconclusive drill, under their name. */
    void remediated(String drillId, String who, String note) {
        DrillRecord drill = require(drillId);
        audit.append(new AuditRecord(who, "drill.remediation", DrillService.subject(drillId), drill.service(), drill.trigger(),
                note, drill.verdict() == null ? null : drill.verdict().value() + ": " + drill.reason()));
    }

    /** The runbook ended, however: a drill still running was cancelled (e.g. in Cockpit) and says so. */
    void release(String drillId) {
        DrillRecord drill = require(drillId);
        if (drill.state() == DrillRunState.RUNNING) {
            drills.finish(drillId, new Ending(DrillVerdict.INCONCLUSIVE, "the runbook was cancelled before the drill finished",
                    List.of(), List.of(), null, null, null, null, new DrillRecord.Teardown(null, null), clock.instant()));
            audit.append(new AuditRecord(SYSTEM, "drill.inconclusive", DrillService.subject(drillId), drill.service(),
                    drill.trigger(), "restore drill", "cancelled"));
            metrics.finished(drill.service(), DrillVerdict.INCONCLUSIVE);
            finished(drill, DrillVerdict.INCONCLUSIVE, "the runbook was cancelled before the drill finished", null, false);
        }
        drills.close(drillId);
    }

    private void finished(DrillRecord drill, DrillVerdict verdict, String findings, Long rtoSeconds, boolean raised) {
        events.publishEvent(new DrillFinished(drill.id(), drill.service(), verdict.value(), findings, rtoSeconds,
                DrillService.reportUrl(drill.id()), raised));
    }

    DrillRecord require(String id) {
        return drills.find(id).orElseThrow(() -> new IllegalStateException("no drill record " + id));
    }
}
