package io.lifeboat.restore;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.web.ApiRefusal;

import static io.lifeboat.restore.RestoreRunbook.Variables.APPROVED;
import static io.lifeboat.restore.RestoreRunbook.Variables.DECISION_COMMENT;
import static io.lifeboat.restore.RestoreRunbook.Variables.WAIVE_SAFETY_BACKUP;

/**
 * {@code POST /api/restores/{id}/decision}: completes the same approval task Tasklist shows, as the caller, so the
 * engine's rules (candidates only, four eyes, a comment to reject) hold exactly as they do there.
 */
@Service
class RestoreDecisions {

    private final RestoreRepository restores;
    private final TaskService tasks;
    private final IdentityService identity;

    RestoreDecisions(RestoreRepository restores, TaskService tasks, IdentityService identity) {
        this.restores = restores;
        this.tasks = tasks;
        this.identity = identity;
    }

    /**
     * @param groups the caller's groups, as their login found them (the authorities), as {@code /engine-rest} passes them
     * @throws ApiRefusal 404, 409 when no approval waits, 403 for the requester or a non-commander, 400 for a bad answer
     */
    void decide(String restoreId, RestoreDecision decision, String user, List<String> groups) {
        if (decision == null || decision.approve() == null) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request", "approve is required: true or false");
        }
        RestoreRecord restore = restores.find(restoreId).orElseThrow(() ->
                new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no restore '" + restoreId + "'"));
        Task task = restore.state() != RestoreState.AWAITING_APPROVAL ? null : tasks.createTaskQuery()
                .processInstanceId(restore.processInstanceId())
                .taskDefinitionKey(RestoreRunbook.Element.ApproveRestore.id()).singleResult();
        if (task == null) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "no approval waiting", "restore " + restoreId + " is " + restore.state()
                    + " and waits for no approval");
        }
        VariableMap variables = Variables.createVariables();
        APPROVED.put(variables, decision.approve());
        WAIVE_SAFETY_BACKUP.put(variables, Boolean.TRUE.equals(decision.waiveSafetyBackup()));
        if (decision.comment() != null) {
            DECISION_COMMENT.put(variables, decision.comment());
        }
        identity.setAuthentication(user, groups);
        try {
            tasks.complete(task.getId(), variables);
        } catch (AuthorizationException refused) {
            throw new ApiRefusal(HttpStatus.FORBIDDEN, "forbidden", refused.getMessage(), refused);
        } catch (RefusedAnswer refused) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request", refused.getMessage(), refused);
        } finally {
            identity.clearAuthentication();
        }
    }
}
