package io.lifeboat.incident;

import java.util.List;

/**
 * What a status update template sees, every value already text. {@code restore} is null when the incident has no
 * restore (a template shows it in a {@code {{#restore}}} section); every other value is set.
 *
 * @param milestone    what happened, as the timeline says it
 * @param dependents   the services that depend on the incident's service, from the catalog; empty when none
 * @param nextUpdateAt when the next update is promised: now plus the tier's cadence
 */
record StatusUpdatePage(Incident incident, Service service, List<Service> dependents, String milestone, Restore restore,
                        String nextUpdateAt, String now) {

    /** @param state {@code OPEN} or {@code RESOLVED} */
    record Incident(String id, String title, String severity, String state, String openedAt) {
    }

    record Service(String id, String name, int tier) {
    }

    /**
     * The incident's newest restore.
     *
     * @param step the steps it is at while it runs, the step it failed at, or {@code none}
     */
    record Restore(String id, String state, String step) {
    }
}
