package io.lifeboat.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * What Lifeboat refuses as a password outside the demo profile: empty, the user's own id, a well-known default, or
 * anything Camunda's default password policy (10 characters with lower and upper case, a digit and a special
 * character, none of the user's own data) refuses. The answer names the rule, never the password.
 */
final class WeakPasswords {

    /** Defaults of Camunda, Lifeboat, installers and the top of every leaked-password list. */
    private static final List<String> WELL_KNOWN = List.of("admin", "administrator", "demo", "password", "passw0rd",
            "password1", "changeme", "changeit", "camunda", "lifeboat", "secret", "default", "root", "toor", "letmein",
            "welcome", "qwerty", "123456", "12345678", "123456789", "1234567890", "admin123", "admin1234");

    private static final DefaultPasswordPolicyImpl POLICY = new DefaultPasswordPolicyImpl();

    private WeakPasswords() {
    }

    /** Why {@code password} is refused for {@code userId}, or empty when it is acceptable. */
    static Optional<String> problem(String userId, String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("an empty password");
        }
        if (password.equalsIgnoreCase(userId)) {
            return Optional.of("its user id as password");
        }
        if (WELL_KNOWN.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("a well-known default password");
        }
        User user = new UserEntity(userId);
        return POLICY.getRules().stream().filter(rule -> !rule.execute(password, user)).findFirst()
                .map(WeakPasswords::describe);
    }

    /** The passwords a stored hash is compared with: the guessable ones, as far as a hash can be checked. */
    static Stream<String> guessable(String userId) {
        return Stream.concat(Stream.of("", userId), WELL_KNOWN.stream());
    }

    private static String describe(PasswordPolicyRule rule) {
        String parameters = rule.getParameters() == null ? "" : " " + rule.getParameters();
        return "a password against Camunda's password policy (" + rule.getPlaceholder() + parameters + ")";
    }
}
