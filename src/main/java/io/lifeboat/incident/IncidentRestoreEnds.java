package io.lifeboat.incident;

import java.time.Clock;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.lifeboat.restore.RestoreFinished;
import io.lifeboat.restore.RestoreRecord;
import io.lifeboat.restore.RestoreService;

/**
 * The end of a restore an incident's commander asked for, as the incident sees it: an entry on its timeline and the
 * {@code restore-finished} milestone, in the transaction the restore runbook records its end in. It only inserts
 * (a timeline row, the status update's first job), so the restore's end does not hang on the incident's work.
 */
@Component
class IncidentRestoreEnds {

    private final RestoreService restores;
    private final IncidentRepository incidents;
    private final IncidentMilestones milestones;
    private final Clock clock;

    IncidentRestoreEnds(RestoreService restores, IncidentRepository incidents, IncidentMilestones milestones, Clock clock) {
        this.restores = restores;
        this.incidents = incidents;
        this.milestones = milestones;
        this.clock = clock;
    }

    @EventListener
    void restoreFinished(RestoreFinished restore) {
        // a restore asked for outside an incident, a drill's, or one naming an incident still in triage has none
        String incidentId = restores.find(restore.restoreId()).map(RestoreRecord::incidentId)
                .flatMap(incidents::findWithoutDetails).filter(incident -> incident.service() != null)
                .map(Incident::id).orElse(null);
        if (incidentId == null) {
            return;
        }
        String text = "restore " + restore.restoreId() + " of " + restore.service() + " ended " + restore.state()
                + (restore.failedStep() == null ? "" : " at " + restore.failedStep())
                + (restore.error() == null ? "" : ": " + restore.error());
        incidents.addTimeline(incidentId, clock.instant(), IncidentService.RUNBOOK, "restore", text);
        milestones.reached(incidentId, IncidentMilestone.Kind.RESTORE_FINISHED, IncidentService.RUNBOOK, text,
                IncidentMilestones.Details.outcome(restore.state().name()));
    }
}
