package io.lifeboat.security;

import java.util.Set;

import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;

/** One Camunda group authorization: a group may do these things to one resource, or to every one ({@code *}). */
public record CamundaGrant(String groupId, Resource resource, String resourceId, Set<Permission> permissions) {

    public CamundaGrant {
        permissions = Set.copyOf(permissions);
    }
}
