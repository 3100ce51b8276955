package io.lifeboat.engine;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Who completes a task, as the engine authenticated them (Tasklist, {@code /engine-rest} and Lifeboat's API all
 * authenticate), never as a process variable says: the name a decision goes on record under.
 */
public final class Decider {

    private Decider() {
    }

    /** @throws AuthorizationException when nobody is authenticated: a decision nobody can be named for is refused */
    public static String of(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw new AuthorizationException("'" + task.getName() + "' of " + decided(task)
                    + " can only be decided by an authenticated user");
        }
        return authentication.getUserId();
    }

    /** What the task decides on: the business key, or the instance of a runbook without one (a retention sweep). */
    static String decided(DelegateTask task) {
        String businessKey = task.getExecution().getProcessBusinessKey();
        return businessKey != null ? businessKey : "process instance " + task.getProcessInstanceId();
    }
}
