package io.lifeboat.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PostConstruct;

/**
 * Creates Lifeboat's groups and their Camunda authorizations at start-up, in every profile. Idempotent: a group or
 * an authorization (group, resource type, resource id) that exists is left as it is, so an administrator's later
 * changes in Camunda Admin survive a restart. All grants are group grants on every resource of a type ({@code *}).
 */
@Component
public class LifeboatGroups {

    private static final Logger log = LoggerFactory.getLogger(LifeboatGroups.class);

    private static final String TASKLIST = "tasklist";
    private static final String COCKPIT = "cockpit";

    private static final Map<String, String> NAMES = Map.of(
            Roles.COMMANDERS, "Incident commanders",
            Roles.APPROVERS, "Approvers (CAB)",
            Roles.OPERATORS, "Backup operators",
            Roles.AUDITORS, "Auditors",
            Roles.CAMUNDA_ADMIN, "Camunda administrators");

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;

    public LifeboatGroups(IdentityService identityService, AuthorizationService authorizationService) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
    }

    @PostConstruct
    void createMissing() {
        Roles.ALL.forEach(this::createGroupIfMissing);
        grants().forEach(this::createGrantIfMissing);
    }

    /** What each group may do. */
    private static List<Grant> grants() {
        List<Grant> grants = new ArrayList<>();
        Arrays.stream(Resources.values())
                .forEach(resource -> grants.add(new Grant(Roles.CAMUNDA_ADMIN, resource, ANY, Permissions.ALL)));
        for (String runner : List.of(Roles.OPERATORS, Roles.COMMANDERS)) {
            grants.add(new Grant(runner, Resources.APPLICATION, TASKLIST, Permissions.ACCESS));
            grants.add(new Grant(runner, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
            grants.add(new Grant(runner, Resources.PROCESS_DEFINITION, ANY,
                    ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY,
                    ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
                    ProcessDefinitionPermissions.UPDATE_TASK));
            // UPDATE on instances is what Cockpit's "retry" of a failed job needs
            grants.add(new Grant(runner, Resources.PROCESS_INSTANCE, ANY,
                    ProcessInstancePermissions.CREATE, ProcessInstancePermissions.READ,
                    ProcessInstancePermissions.UPDATE));
        }
        grants.add(new Grant(Roles.APPROVERS, Resources.APPLICATION, TASKLIST, Permissions.ACCESS));
        grants.add(new Grant(Roles.APPROVERS, Resources.PROCESS_DEFINITION, ANY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_TASK,
                ProcessDefinitionPermissions.UPDATE_TASK, ProcessDefinitionPermissions.READ_HISTORY));
        // auditors read and change nothing; Camunda has no READ_HISTORY on deployments or decision requirements
        grants.add(new Grant(Roles.AUDITORS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS));
        grants.add(new Grant(Roles.AUDITORS, Resources.PROCESS_DEFINITION, ANY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY));
        grants.add(new Grant(Roles.AUDITORS, Resources.DECISION_DEFINITION, ANY,
                Permissions.READ, Permissions.READ_HISTORY));
        grants.add(new Grant(Roles.AUDITORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ));
        grants.add(new Grant(Roles.AUDITORS, Resources.DEPLOYMENT, ANY, Permissions.READ));
        // Tasklist's "All tasks" filter is only listed for users who may read it
        for (String group : List.of(Roles.COMMANDERS, Roles.APPROVERS, Roles.OPERATORS, Roles.AUDITORS)) {
            grants.add(new Grant(group, Resources.FILTER, ANY, Permissions.READ));
        }
        return grants;
    }

    private void createGroupIfMissing(String groupId) {
        if (identityService.createGroupQuery().groupId(groupId).count() > 0) {
            return;
        }
        Group group = identityService.newGroup(groupId);
        group.setName(NAMES.get(groupId));
        group.setType(Roles.CAMUNDA_ADMIN.equals(groupId) ? Groups.GROUP_TYPE_SYSTEM : Groups.GROUP_TYPE_WORKFLOW);
        identityService.saveGroup(group);
        log.info("Created group {}", groupId);
    }

    private void createGrantIfMissing(Grant grant) {
        boolean exists = authorizationService.createAuthorizationQuery()
                .groupIdIn(grant.groupId())
                .resourceType(grant.resource())
                .resourceId(grant.resourceId())
                .count() > 0;
        if (exists) {
            return;
        }
        Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
        authorization.setGroupId(grant.groupId());
        authorization.setResource(grant.resource());
        authorization.setResourceId(grant.resourceId());
        Arrays.stream(grant.permissions()).forEach(authorization::addPermission);
        authorizationService.saveAuthorization(authorization);
    }

    private record Grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    }
}
