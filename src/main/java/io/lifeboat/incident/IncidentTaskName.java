package io.lifeboat.incident;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.lifeboat.db.Sql;

import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SEVERITY;

/**
 * Names an incident's or post-mortem's task, when it is created, after its step, the incident, the service and the
 * severity ({@code Assess incident INC-20261201-195600-a1b2c3 ticket-db (critical)}), so two incidents' tasks can be
 * told apart in Tasklist's list. The diagram keeps the step's name. Both runbooks hold the three variables by the
 * same names.
 */
public class IncidentTaskName implements TaskListener {

    /** Camunda's {@code ACT_RU_TASK.NAME_} */
    private static final int NAME_LENGTH = 255;

    @Override
    public void notify(DelegateTask task) {
        task.setName(of(task.getName(), INCIDENT_ID.from(task), SERVICE_ID.optionalFrom(task).orElse(null),
                SEVERITY.optionalFrom(task).orElse(null)));
    }

    /** @param serviceId null in triage, before a service is chosen */
    public static String of(String step, String incidentId, String serviceId, String severity) {
        return Sql.fit(step + " " + incidentId + (serviceId == null ? "" : " " + serviceId)
                + (severity == null ? "" : " (" + severity + ")"), NAME_LENGTH);
    }
}
