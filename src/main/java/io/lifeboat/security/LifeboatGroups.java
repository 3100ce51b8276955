package io.lifeboat.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jakarta.annotation.PostConstruct;

/**
 * Creates Lifeboat's groups at start-up and makes their Camunda authorizations exactly what the {@link AccessPolicy}
 * says, in every profile: a missing grant is created, a widened or narrowed one is set back, one the policy no
 * longer has (an older Lifeboat's wildcard task grant, say) is deleted. Grants on single tasks are the engine's
 * (it grants a task to its candidate groups) and are left alone, as are grants to other groups and to users.
 */
@Component
public class LifeboatGroups {

    private static final Logger log = LoggerFactory.getLogger(LifeboatGroups.class);

    private static final Map<String, String> NAMES = Map.of(
            Roles.COMMANDERS, "Incident commanders",
            Roles.APPROVERS, "Approvers (CAB)",
            Roles.OPERATORS, "Backup operators",
            Roles.AUDITORS, "Auditors",
            Roles.AGENTS, "Backup agents (machines)",
            Roles.CAMUNDA_ADMIN, "Camunda administrators");

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final AccessPolicy policy;

    public LifeboatGroups(IdentityService identityService, AuthorizationService authorizationService, AccessPolicy policy) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.policy = policy;
    }

    @PostConstruct
    void reconcile() {
        Roles.ALL.forEach(this::createGroupIfMissing);
        Map<Target, CamundaGrant> wanted = policy.camundaGrants().stream()
                .collect(Collectors.toMap(grant -> new Target(grant.groupId(), grant.resource().resourceType(),
                        grant.resourceId()), grant -> grant));
        Map<Target, Authorization> existing = new HashMap<>();
        for (Authorization authorization : authorizationService.createAuthorizationQuery()
                .authorizationType(AUTH_TYPE_GRANT).groupIdIn(Roles.ALL.toArray(String[]::new)).list()) {
            Target target = new Target(authorization.getGroupId(), authorization.getResourceType(),
                    authorization.getResourceId());
            if (authorization.getResourceType() == Resources.TASK.resourceType()
                    && !Authorization.ANY.equals(authorization.getResourceId())) {
                continue;
            }
            if (!wanted.containsKey(target)) {
                log.info("Deleting grant {} not in Lifeboat's access matrix", target);
                authorizationService.deleteAuthorization(authorization.getId());
            } else {
                existing.put(target, authorization);
            }
        }
        wanted.forEach((target, grant) -> save(existing.get(target), grant));
    }

    private void save(Authorization current, CamundaGrant grant) {
        if (current != null && grantsExactly(current, grant.permissions())) {
            return;
        }
        Authorization authorization = current;
        if (authorization == null) {
            authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(grant.groupId());
            authorization.setResource(grant.resource());
            authorization.setResourceId(grant.resourceId());
        }
        authorization.setPermissions(grant.permissions().toArray(Permission[]::new));
        authorizationService.saveAuthorization(authorization);
    }

    /** Compares the stored bit mask: Camunda's API only lists permissions one resource type at a time. */
    private static boolean grantsExactly(Authorization authorization, Set<Permission> permissions) {
        int wanted = permissions.stream().mapToInt(Permission::getValue).reduce(0, (a, b) -> a | b);
        return authorization instanceof AuthorizationEntity entity && entity.getPermissions() == wanted;
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

    private record Target(String groupId, int resourceType, String resourceId) {
    }
}
