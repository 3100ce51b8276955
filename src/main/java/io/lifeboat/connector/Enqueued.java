package io.lifeboat.connector;

/** What {@link Outbox#enqueue} did: queued a message (or found it queued already), or nothing, the connector being unconfigured. */
public sealed interface Enqueued {

    /**
     * @param messageId     the outbox row
     * @param alreadyQueued true when the same connector, operation and key were queued before (a step run again):
     *                      that row stands, whatever its state, and nothing new is sent
     */
    record Queued(long messageId, boolean alreadyQueued) implements Enqueued {
    }

    /** @param label the connector as people write it */
    record NotConfigured(String connector, String label) implements Enqueued {

        /** Who writes {@link #note()} on a runbook's timeline or history. */
        public static final String ACTOR = "system:connectors";
        /** The kind of that timeline entry. */
        public static final String TIMELINE_KIND = "connector";

        /** For the runbook's timeline: "ServiceNow not configured". */
        public String note() {
            return label + " not configured";
        }
    }
}
