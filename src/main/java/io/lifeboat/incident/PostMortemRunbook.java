package io.lifeboat.incident;

import io.lifeboat.engine.ProcessVariable;

/**
 * CONTRACT (the post-mortem helper completes it with element ids and its own variables): the {@code post-mortem}
 * runbook, started by {@code incident-response} when an incident is resolved, business key = the incident id.
 */
public final class PostMortemRunbook {

    public static final String KEY = "post-mortem";

    public static final class Variables {
        public static final ProcessVariable<String> INCIDENT_ID = ProcessVariable.of("incidentId", String.class);
        public static final ProcessVariable<String> SERVICE_ID = ProcessVariable.of("serviceId", String.class);

        private Variables() {
        }
    }

    private PostMortemRunbook() {
    }
}
