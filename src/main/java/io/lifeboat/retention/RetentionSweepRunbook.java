package io.lifeboat.retention;

import io.lifeboat.engine.ProcessVariable;

/** The {@code retention-sweep} runbook ({@code processes/retention-sweep.bpmn}): key, element ids, variables. */
public final class RetentionSweepRunbook {

    public static final String KEY = "retention-sweep";

    /** Starts a sweep by hand (Camunda allows no plain start event beside the daily timer start). */
    public static final String MESSAGE_SWEEP_REQUESTED = "retention-sweep-requested";

    /** Thrown by ClaimSweep while another sweep runs; the sweep ends at SweepSkipped. */
    public static final String ERROR_SWEEP_RUNNING = "SWEEP_RUNNING";

    /** Element ids, as in the diagram. */
    public enum Element {
        DailyAt3,
        SweepRequested,
        StartJoin,
        ClaimSweep,
        SweepBusy,
        RecordSkippedSweep,
        SweepSkipped,
        PlanRetention,
        DeleteExpired,
        ReportSweep,
        SweepDone;

        public String id() {
            return name();
        }
    }

    public static final class Variables {
        /** Who asked; unset for the daily timer, which runs as {@link RetentionSweep#SYSTEM}. */
        public static final ProcessVariable<String> INITIATOR = ProcessVariable.of("initiator", String.class);
        public static final ProcessVariable<String> SUMMARY = ProcessVariable.of("summary", String.class);
        /** Set by ClaimSweep when another sweep runs: that sweep's process instance. */
        public static final ProcessVariable<String> RUNNING_SWEEP = ProcessVariable.of("runningSweep", String.class);

        private Variables() {
        }
    }

    private RetentionSweepRunbook() {
    }
}
