package io.lifeboat.security;

import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import jakarta.annotation.PostConstruct;

/**
 * The demo profile's users, one per group (two approvers, for four eyes), each with its user name as password. Any other profile refuses to start
 * with such a password ({@link DefaultPasswordGuard}). Idempotent: an existing user keeps its password.
 */
@Component
@Profile("demo")
public class DemoUsers {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    private static final Map<String, String> GROUP_BY_USER = Map.of(
            "admin", Roles.CAMUNDA_ADMIN,
            "commander", Roles.COMMANDERS,
            "approver", Roles.APPROVERS,
            "approver2", Roles.APPROVERS,
            "operator", Roles.OPERATORS,
            "auditor", Roles.AUDITORS,
            "agent", Roles.AGENTS);

    private final IdentityService identityService;

    /** Takes {@link LifeboatGroups} so the groups exist before users join them. */
    public DemoUsers(IdentityService identityService, LifeboatGroups groups) {
        this.identityService = identityService;
    }

    @PostConstruct
    void createMissing() {
        GROUP_BY_USER.forEach(this::createUserIfMissing);
    }

    private void createUserIfMissing(String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).count() == 0) {
            User user = identityService.newUser(userId);
            user.setFirstName(userId);
            user.setLastName("(demo)");
            user.setEmail(userId + "@lifeboat.invalid");
            user.setPassword(userId);
            identityService.saveUser(user);
            log.info("Created demo user {}", userId);
        }
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
        }
    }
}
