package io.lifeboat.engine;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing a decision task: refuses the user who asked for the runbook instance, as Lifeboat recorded it when
 * the request arrived ({@link Requesters}), and records who decided. The engine runs it however the task is completed,
 * Tasklist, {@code /engine-rest} or Lifeboat's API, and the refusal is an {@link AuthorizationException}, which
 * the REST API and the webapps answer with 403 and its message. The task stays open for someone else.
 */
@Component("fourEyes")
public class FourEyes implements TaskListener {

    /** Who decided: the engine's authenticated user, written after the variables the completion submitted. */
    public static final ProcessVariable<String> DECIDED_BY = ProcessVariable.of("decidedBy", String.class);

    private final Requesters requesters;

    public FourEyes(Requesters requesters) {
        this.requesters = requesters;
    }

    @Override
    public void notify(DelegateTask task) {
        String decider = Decider.of(task);
        String what = "'" + task.getName() + "' of " + Decider.decided(task);
        String requester = requesters.requesterOf(task.getProcessInstanceId()).orElseThrow(() ->
                new AuthorizationException(what + " has no recorded requester, so nobody can decide it: "
                        + "runbooks with a four-eyes decision are started through Lifeboat's API"));
        if (decider.equals(requester)) {
            throw new AuthorizationException(decider + " asked for " + Decider.decided(task)
                    + " and cannot decide '" + task.getName() + "'; another member of its candidate groups must");
        }
        DECIDED_BY.set(task, decider);
    }
}
