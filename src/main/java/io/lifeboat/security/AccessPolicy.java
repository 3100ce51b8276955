package io.lifeboat.security;

import java.util.List;
import java.util.Set;

/**
 * Who may do what, as the security wiring needs it: the HTTP rules of {@code /api} and {@code /actuator}, the Camunda
 * authorizations of Lifeboat's groups, and the topics agents may work. One implementation holds the table
 * ({@code io.lifeboat.access.AccessMatrix}); this interface keeps the security package free of the runbooks it names.
 */
public interface AccessPolicy {

    /** Every {@code /api} operation with the groups allowed to call it; a path without a rule is refused. */
    List<ApiRule> apiRules();

    /** The group grants Lifeboat keeps in Camunda, wildcards and per runbook. */
    List<CamundaGrant> camundaGrants();

    /** The external task topics a member of {@link Roles#AGENTS} may fetch, lock, extend, complete and fail. */
    Set<String> agentTopics();
}
