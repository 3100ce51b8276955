package io.lifeboat.incident;

import java.time.Clock;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.incident.IncidentMilestone.Kind;

/**
 * The one place an incident's milestone is announced, called where the milestone goes on the timeline: publishes
 * {@link IncidentMilestone} in that transaction and starts the milestone's {@code incident-status-update} runbook,
 * whose start is asynchronous, so this transaction only inserts its first job and a failure of the update stays in
 * that runbook.
 */
@Component
class IncidentMilestones {

    private final IncidentRepository incidents;
    private final Catalog catalog;
    private final RuntimeService runtime;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IncidentMilestones(IncidentRepository incidents, Catalog catalog, RuntimeService runtime, ApplicationEventPublisher events,
                       Clock clock) {
        this.incidents = incidents;
        this.catalog = catalog;
        this.runtime = runtime;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param text what happened, as the timeline says it
     * @param who  the actor the timeline names
     */
    void reached(String incidentId, Kind kind, String who, String text, Details details) {
        Incident incident = incidents.findWithoutDetails(incidentId).orElseThrow(() -> new UnknownIncidentException(incidentId));
        int tier = catalog.require(incident.service()).tier();
        events.publishEvent(new IncidentMilestone(incidentId, incident.service(), tier, incident.severity(), incident.title(),
                kind, text, who, clock.instant(), details.pageCommander(), details.backupKind(), details.outcome()));
        VariableMap variables = Variables.createVariables();
        IncidentStatusUpdateRunbook.Variables.INCIDENT_ID.put(variables, incidentId);
        IncidentStatusUpdateRunbook.Variables.MILESTONE.put(variables, kind.value());
        IncidentStatusUpdateRunbook.Variables.MILESTONE_TEXT.put(variables, text);
        runtime.startProcessInstanceByKey(IncidentStatusUpdateRunbook.KEY, incidentId, variables);
    }

    /** What only some milestones carry; see {@link IncidentMilestone}. */
    record Details(Boolean pageCommander, String backupKind, String outcome) {

        static Details none() {
            return new Details(null, null, null);
        }

        static Details classification(boolean pageCommander, String backupKind) {
            return new Details(pageCommander, backupKind, null);
        }

        static Details outcome(String outcome) {
            return new Details(null, null, outcome);
        }
    }
}
