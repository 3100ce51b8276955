package io.lifeboat.security;

import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.property.AdminUserProperty;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile, refuses to start before Camunda creates the first administrator
 * ({@code camunda.bpm.admin-user}) with a weak password, an unset {@code LIFEBOAT_ADMIN_PASSWORD} above all, naming
 * the user and the rule. Ordered before the starter's own admin creation; an administrator that exists already keeps
 * its password and is checked with every other user by {@link DefaultPasswordGuard}.
 */
@Component
@Profile("!demo")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdminPasswordGuard extends AbstractProcessEnginePlugin {

    private final Optional<AdminUserProperty> admin;

    public AdminPasswordGuard(CamundaBpmProperties properties) {
        this.admin = Optional.ofNullable(properties.getAdminUser()).filter(user -> user.getId() != null);
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        admin.filter(user -> engine.getIdentityService().createUserQuery().userId(user.getId()).count() == 0)
                .ifPresent(user -> WeakPasswords.problem(user.getId(), user.getPassword()).ifPresent(problem -> {
                    throw new IllegalStateException("Refusing to start: user " + user.getId()
                            + " (camunda.bpm.admin-user) would be created with " + problem
                            + ". Set LIFEBOAT_ADMIN_PASSWORD to a strong password.");
                }));
    }
}
