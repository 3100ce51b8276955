package io.lifeboat.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * Every user task of every runbook can be completed only by one of its candidates (a member of a candidate group,
 * a candidate user) or its assignee, whatever else the user may do: the engine grants a task to its candidates, but
 * a camunda-admin may touch any task and would otherwise decide an approval nobody asked of them. A completion
 * without an authenticated user is Lifeboat's own code and passes; people always come authenticated.
 */
@Component
public class CandidatesOnly extends AbstractProcessEnginePlugin implements TaskListener {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
                ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
                        .addTaskListener(TaskListener.EVENTNAME_COMPLETE, CandidatesOnly.this);
            }
        });
        // the engine wraps what a task listener throws; unwrapped, a refusal reaches the REST API and the webapps as
        // the AuthorizationException (403) or RefusedAnswer (400, a decision a listener cannot carry out)
        // it is, with its message, instead of 500
        if (configuration.getCustomPreCommandInterceptorsTxRequired() == null) {
            configuration.setCustomPreCommandInterceptorsTxRequired(new ArrayList<>());
        }
        configuration.getCustomPreCommandInterceptorsTxRequired().add(new RefusalUnwrapper());
    }

    @Override
    public void notify(DelegateTask task) {
        Authentication authentication = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            return;
        }
        String user = authentication.getUserId();
        List<String> groups = authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
        List<IdentityLink> candidates = task.getCandidates().stream().filter(CandidatesOnly::isCandidate).toList();
        if (task.getAssignee() == null && candidates.isEmpty()) {
            return;
        }
        boolean allowed = user.equals(task.getAssignee()) || candidates.stream()
                .anyMatch(link -> user.equals(link.getUserId()) || groups.contains(link.getGroupId()));
        if (!allowed) {
            throw new AuthorizationException(user + " may not complete '" + task.getName() + "': it is offered to "
                    + candidates.stream().map(CandidatesOnly::describe).toList()
                    + (task.getAssignee() == null ? "" : " and assigned to " + task.getAssignee()));
        }
    }

    private static boolean isCandidate(IdentityLink link) {
        return IdentityLinkType.CANDIDATE.equals(link.getType());
    }

    private static String describe(IdentityLink link) {
        return link.getGroupId() != null ? "group " + link.getGroupId() : "user " + link.getUserId();
    }

    /** Rethrows a refusal a listener raised, instead of the engine's wrapper around it. */
    private static final class RefusalUnwrapper extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            try {
                return next.execute(command);
            } catch (ProcessEngineException failure) {
                for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof AuthorizationException || cause instanceof RefusedAnswer) {
                        throw (ProcessEngineException) cause;
                    }
                }
                throw failure;
            }
        }
    }
}
