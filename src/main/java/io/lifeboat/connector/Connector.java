package io.lifeboat.connector;

/** An outside system Lifeboat sends to: ServiceNow, PagerDuty, plain HTTP. */
public interface Connector {

    /** Stable, lower case: {@code servicenow}, {@code pagerduty}, {@code http}; the outbox's and the metrics' name. */
    String name();

    /** As people write it: "ServiceNow". */
    String label();

    /**
     * False when its settings are absent, as in the demo: nothing is queued for it, and the runbook's timeline says
     * "{@link #label()} not configured" instead.
     */
    boolean configured();
}
