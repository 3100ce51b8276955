package io.lifeboat.drill;

import io.lifeboat.engine.ProcessVariable;
import io.lifeboat.security.Roles;

/**
 * The {@code restore-drill} runbook ({@code processes/restore-drill.bpmn}): its key, its element ids and its
 * variables. Delegates and tests use these, never the strings.
 */
public final class DrillRunbook {

    public static final String KEY = "restore-drill";

    /** The external task topic of every tool step, worked by {@link DrillTaskHandler} in-process or on a data host. */
    public static final String TOPIC = "drill";

    /** Who looks into a drill that was inconclusive twice. */
    public static final String INCONCLUSIVE_GROUP = Roles.OPERATORS;

    /** What the end of the sandbox restore sends ({@link DrillRestoreListener}). */
    public static final String MESSAGE_RESTORE_FINISHED = "DrillRestoreFinished";

    /** BPMN error codes. */
    public static final String ERROR_SERVICE_BUSY = "SERVICE_BUSY";
    public static final String ERROR_SANDBOX_FAILED = "SANDBOX_FAILED";

    /** Element ids, as in the diagram. */
    public enum Element {
        DrillRequested,
        SandboxDrill,
        SandboxDrillStarted,
        PrepareSandbox,
        RestoreJoin,
        StartRestore,
        ServiceBusy,
        WaitForService,
        WaitForRestore,
        RestoredGateway,
        ProbeSandbox,
        RestoreFailedInSandbox,
        ControlGateway,
        DamageSandbox,
        ControlJoin,
        RunChecks,
        ChecksRun,
        TimeLimit,
        SandboxFailed,
        CancelRestore,
        TeardownJoin,
        TearDownSandbox,
        RecordVerdict,
        VerdictGateway,
        DrillPassed,
        RemediateDrill,
        DrillFailed,
        RetryGateway,
        RetryDrill,
        DrillInconclusive,
        ReviewInconclusive,
        DrillInconclusiveTwice;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        public static final ProcessVariable<String> DRILL_ID = ProcessVariable.of("drillId", String.class);
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);
        /** The candidate group of the remediation task: the service's owner group from the catalog. */
        public static final ProcessVariable<String> OWNER_GROUP = ProcessVariable.of("ownerGroup", String.class);
        public static final ProcessVariable<Boolean> NEGATIVE_CONTROL = ProcessVariable.of("negativeControl", Boolean.class);
        /** Whether this drill is the retry of an inconclusive one, which is not retried again. */
        public static final ProcessVariable<Boolean> RETRIED = ProcessVariable.of("retried", Boolean.class);
        /** ISO-8601, from {@code lifeboat.drill.time-limit}, for the time limit's timer. */
        public static final ProcessVariable<String> TIME_LIMIT = ProcessVariable.of("timeLimit", String.class);
        /** Per data source, where the sandbox copy goes: the restore's alternate target, as JSON. */
        public static final ProcessVariable<String> SANDBOX = ProcessVariable.of("sandbox", String.class);
        public static final ProcessVariable<String> RESTORE_ID = ProcessVariable.of("restoreId", String.class);
        /** The restore's end state ({@code io.lifeboat.restore.RestoreState}), sent with its message. */
        public static final ProcessVariable<String> RESTORE_STATE = ProcessVariable.of("restoreState", String.class);
        /** The restore's plan and its restored data (the restore runbook's JSON, opaque here), sent with its message. */
        public static final ProcessVariable<String> RESTORE_PLAN = ProcessVariable.of("restorePlan", String.class);
        public static final ProcessVariable<String> RESTORED_DATA = ProcessVariable.of("restoredData", String.class);
        /** Where the restore point's snapshots were written. */
        public static final ProcessVariable<String> STORAGE_TARGET = ProcessVariable.of("storageTarget", String.class);
        /** Why the sandbox could not be used: the SANDBOX_FAILED error's message, or what the probe found. */
        public static final ProcessVariable<String> SANDBOX_PROBLEM = ProcessVariable.of("sandboxProblem", String.class);
        /** A negative control's damage, as JSON. */
        public static final ProcessVariable<String> DAMAGE = ProcessVariable.of("damage", String.class);
        /** The checks' results and when they ran, as JSON. */
        public static final ProcessVariable<String> CHECKS = ProcessVariable.of("checks", String.class);
        public static final ProcessVariable<String> CHECKS_STARTED_AT = ProcessVariable.of("checksStartedAt", String.class);
        public static final ProcessVariable<String> CHECKS_FINISHED_AT = ProcessVariable.of("checksFinishedAt", String.class);
        /** Whether the teardown removed everything, and what it left, as JSON. */
        public static final ProcessVariable<String> TEARDOWN = ProcessVariable.of("teardown", String.class);
        public static final ProcessVariable<Boolean> TIMED_OUT = ProcessVariable.of("timedOut", Boolean.class);
        /** {@link DrillVerdict#value()}, for the verdict gateway. */
        public static final ProcessVariable<String> VERDICT = ProcessVariable.of("verdict", String.class);
        /** What the remediation and inconclusive forms show. */
        public static final ProcessVariable<String> FINDINGS = ProcessVariable.of("findings", String.class);
        /** What the owner group (or operators) did about it: required to complete their task. */
        public static final ProcessVariable<String> REMEDIATION_NOTE = ProcessVariable.of("remediationNote", String.class);

        private Variables() {
        }
    }

    private DrillRunbook() {
    }
}
