package io.lifeboat.security;

import java.util.List;

/**
 * Lifeboat's Camunda group ids. An authenticated user's groups become Spring Security authorities named exactly
 * like the group (no {@code ROLE_} prefix), so a controller restricts a method with, for example:
 *
 * <pre>{@code
 * @PreAuthorize("hasAnyAuthority('" + Roles.OPERATORS + "', '" + Roles.CAMUNDA_ADMIN + "')")
 * }</pre>
 */
public final class Roles {

    public static final String COMMANDERS = "commanders";
    public static final String APPROVERS = "approvers";
    public static final String OPERATORS = "operators";
    public static final String AUDITORS = "auditors";
    public static final String CAMUNDA_ADMIN = "camunda-admin";

    public static final List<String> ALL = List.of(COMMANDERS, APPROVERS, OPERATORS, AUDITORS, CAMUNDA_ADMIN);

    /** {@code @PreAuthorize} expression: a member of any Lifeboat group, e.g. for read-only views. */
    public static final String ANY_LIFEBOAT_GROUP = "hasAnyAuthority('" + COMMANDERS + "', '" + APPROVERS + "', '"
            + OPERATORS + "', '" + AUDITORS + "', '" + CAMUNDA_ADMIN + "')";

    private Roles() {
    }
}
