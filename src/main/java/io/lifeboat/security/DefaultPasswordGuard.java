package io.lifeboat.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.digest.PasswordManager;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile, refuses to start while any user's password is empty, its own user id or a well-known
 * default ({@link WeakPasswords}). The failure names the users, never the password. Whether a stored password meets
 * Camunda's password policy cannot be told from its hash; the policy is on outside the demo profile, so Camunda
 * refuses every weak password set from then on.
 *
 * <p>The stored hashes are compared directly instead of through {@code IdentityService.checkPassword}: every miss
 * there counts as a failed login and would, after a few restarts, lock out every user.
 */
@Component
@Profile("!demo")
public class DefaultPasswordGuard implements SmartInitializingSingleton {

    private final IdentityService identityService;
    private final PasswordManager passwordManager;

    public DefaultPasswordGuard(IdentityService identityService, ProcessEngineConfigurationImpl engineConfiguration) {
        this.identityService = identityService;
        this.passwordManager = engineConfiguration.getPasswordManager();
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> offenders = identityService.createUserQuery().list().stream()
                .filter(this::hasDefaultPassword)
                .map(User::getId)
                .sorted()
                .toList();
        if (!offenders.isEmpty()) {
            throw new IllegalStateException("Refusing to start: users " + offenders + " have a default password "
                    + "(their user id or a well-known default). Change them in Camunda Admin, or run the demo "
                    + "profile for a demonstration.");
        }
    }

    private boolean hasDefaultPassword(User user) {
        // users of a read-only identity provider (LDAP) have no password stored here
        if (!(user instanceof UserEntity entity) || entity.getPassword() == null) {
            return false;
        }
        return WeakPasswords.guessable(user.getId()).anyMatch(candidate -> passwordManager.check(
                        EncryptionUtil.saltPassword(candidate, entity.getSalt()), entity.getPassword()));
    }
}
