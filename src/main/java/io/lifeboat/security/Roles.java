package io.lifeboat.security;

import java.util.List;

/**
 * Lifeboat's Camunda group ids. An authenticated user's groups become Spring Security authorities named exactly
 * like the group (no {@code ROLE_} prefix). Who may do what with them is written down once, in
 * {@code io.lifeboat.access.AccessMatrix}.
 */
public final class Roles {

    public static final String COMMANDERS = "commanders";
    public static final String APPROVERS = "approvers";
    public static final String OPERATORS = "operators";
    public static final String AUDITORS = "auditors";
    /** Machines, not people: backup agents on data hosts, which only work external tasks of the agent topics. */
    public static final String AGENTS = "agents";
    public static final String CAMUNDA_ADMIN = "camunda-admin";

    /** The groups of people, who act through Lifeboat's API and the Camunda webapps. */
    public static final List<String> PEOPLE = List.of(COMMANDERS, APPROVERS, OPERATORS, AUDITORS, CAMUNDA_ADMIN);

    public static final List<String> ALL = List.of(COMMANDERS, APPROVERS, OPERATORS, AUDITORS, AGENTS, CAMUNDA_ADMIN);

    private Roles() {
    }
}
