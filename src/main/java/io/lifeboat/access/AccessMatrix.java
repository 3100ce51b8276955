package io.lifeboat.access;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupRunbook;
import io.lifeboat.connector.ConnectorDeliveryRunbook;
import io.lifeboat.incident.IncidentRunbook;
import io.lifeboat.incident.IncidentStatusUpdateRunbook;
import io.lifeboat.incident.PostMortemRunbook;
import io.lifeboat.drill.DrillRunbook;
import io.lifeboat.restore.RestoreRunbook;
import io.lifeboat.retention.BackupDeletionRunbook;
import io.lifeboat.retention.RetentionSweepRunbook;
import io.lifeboat.security.AccessPolicy;
import io.lifeboat.security.ApiRule;
import io.lifeboat.security.CamundaGrant;
import io.lifeboat.security.ScrapeTokenFilter;

import static io.lifeboat.security.Roles.AGENTS;
import static io.lifeboat.security.Roles.APPROVERS;
import static io.lifeboat.security.Roles.AUDITORS;
import static io.lifeboat.security.Roles.CAMUNDA_ADMIN;
import static io.lifeboat.security.Roles.COMMANDERS;
import static io.lifeboat.security.Roles.OPERATORS;
import static io.lifeboat.security.Roles.PEOPLE;

/**
 * Who may do what in Lifeboat: the one table the HTTP rules and the Camunda authorizations are derived from (the
 * README's access matrix says the same in words).
 *
 * <p>People start runbooks only through Lifeboat's API, which records who asked; in Camunda they read, work the
 * tasks offered to their groups (the engine grants those per task, to the task's candidate groups) and, as
 * operators, retry failed steps. Nobody but camunda-admin starts, modifies, suspends or sets variables of a runbook
 * instance through the engine. Agents work the external tasks of their topics and nothing else.
 */
@Component
public class AccessMatrix implements AccessPolicy {

    private static final List<String> METRICS_READERS = List.of(OPERATORS, COMMANDERS, AUDITORS, CAMUNDA_ADMIN);

    private static final List<ApiRule> API = List.of(
            rule(GET, "/api/services", PEOPLE),
            rule(GET, "/api/services/{id}", PEOPLE),
            rule(GET, "/api/catalog/drift", PEOPLE),
            rule(POST, "/api/backups", OPERATORS, COMMANDERS, CAMUNDA_ADMIN),
            rule(GET, "/api/backups", PEOPLE),
            rule(GET, "/api/backups/{id}", PEOPLE),
            rule(GET, "/api/backups/{id}/files", OPERATORS, COMMANDERS, AUDITORS),
            rule(DELETE, "/api/backups/{id}", OPERATORS, CAMUNDA_ADMIN),
            rule(POST, "/api/restores", OPERATORS, COMMANDERS),
            rule(GET, "/api/restores", PEOPLE),
            rule(GET, "/api/restores/{id}", PEOPLE),
            rule(POST, "/api/restores/{id}/decision", RestoreRunbook.APPROVAL_GROUP),
            rule(POST, "/api/drills", OPERATORS, COMMANDERS),
            rule(GET, "/api/drills", PEOPLE),
            rule(GET, "/api/drills/{id}", PEOPLE),
            rule(GET, "/api/drills/{id}/report", PEOPLE),
            rule(POST, "/api/retention/sweeps", OPERATORS, CAMUNDA_ADMIN),
            rule(POST, "/api/holds", COMMANDERS, APPROVERS),
            rule(GET, "/api/holds", COMMANDERS, APPROVERS, AUDITORS),
            rule(DELETE, "/api/holds/{id}", APPROVERS),
            rule(GET, "/api/incidents", PEOPLE),
            rule(GET, "/api/incidents/{id}", PEOPLE),
            rule(POST, "/api/incidents", COMMANDERS, CAMUNDA_ADMIN),
            rule(POST, "/api/incidents/{id}/emergency-backups", COMMANDERS, CAMUNDA_ADMIN),
            rule(GET, "/api/alerts/inbox", OPERATORS, COMMANDERS, AUDITORS),
            rule(POST, "/api/alerts/inbox/{id}/skip", COMMANDERS, OPERATORS),
            rule(GET, "/api/audit/events", PEOPLE),
            rule(GET, "/api/audit/verify", PEOPLE),
            rule(POST, "/api/break-glass", COMMANDERS, CAMUNDA_ADMIN),
            rule(GET, "/api/break-glass", COMMANDERS, AUDITORS, CAMUNDA_ADMIN),
            rule(DELETE, "/api/break-glass/{id}", COMMANDERS, CAMUNDA_ADMIN),
            rule(GET, "/api/connectors", OPERATORS, COMMANDERS, AUDITORS, CAMUNDA_ADMIN),
            // Prometheus may scrape with a token instead of a user's password
            rule(GET, "/actuator/prometheus", Stream.concat(METRICS_READERS.stream(),
                    Stream.of(ScrapeTokenFilter.AUTHORITY)).toList()),
            rule(GET, "/actuator/metrics/**", METRICS_READERS),
            rule(GET, "/actuator", METRICS_READERS),
            rule(GET, "/actuator/info", METRICS_READERS));

    /**
     * Per runbook: the groups whose tasks it offers (they read its history), the groups that retry its failed steps
     * in Cockpit, and its agent topics. A post-mortem's review also goes to the service's owner group from the
     * catalog, which the engine authorizes per task like every candidate group.
     */
    private static final List<RunbookAccess> RUNBOOKS = List.of(
            new RunbookAccess(BackupRunbook.KEY, List.of(), List.of(OPERATORS),
                    Set.of(BackupRunbook.TOPIC_AGENT, BackupRunbook.TOPIC_VERIFY)),
            new RunbookAccess(BackupDeletionRunbook.KEY, List.of(APPROVERS), List.of(OPERATORS),
                    Set.of(BackupDeletionRunbook.TOPIC_DELETE)),
            new RunbookAccess(RetentionSweepRunbook.KEY, List.of(RetentionSweepRunbook.APPROVAL_GROUP), List.of(OPERATORS),
                    Set.of(RetentionSweepRunbook.TOPIC_DELETE)),
            new RunbookAccess(IncidentRunbook.KEY, List.of(COMMANDERS, OPERATORS), List.of(OPERATORS), Set.of()),
            new RunbookAccess(IncidentStatusUpdateRunbook.KEY, List.of(IncidentStatusUpdateRunbook.APPROVAL_GROUP),
                    List.of(OPERATORS), Set.of()),
            new RunbookAccess(PostMortemRunbook.KEY, List.of(PostMortemRunbook.ESCALATION_GROUP), List.of(OPERATORS),
                    Set.of()),
            new RunbookAccess(RestoreRunbook.KEY, List.of(RestoreRunbook.APPROVAL_GROUP), List.of(OPERATORS),
                    Set.of(RestoreRunbook.TOPIC)),
            new RunbookAccess(DrillRunbook.KEY, List.of(DrillRunbook.INCONCLUSIVE_GROUP), List.of(OPERATORS),
                    Set.of(DrillRunbook.TOPIC)),
            new RunbookAccess(ConnectorDeliveryRunbook.KEY, List.of(ConnectorDeliveryRunbook.CANDIDATE_GROUP),
                    List.of(OPERATORS), Set.of()));

    private static final String TASKLIST = "tasklist";
    private static final String COCKPIT = "cockpit";

    @Override
    public List<ApiRule> apiRules() {
        return API;
    }

    @Override
    public Set<String> agentTopics() {
        Set<String> topics = new LinkedHashSet<>();
        RUNBOOKS.forEach(runbook -> topics.addAll(runbook.agentTopics()));
        return topics;
    }

    @Override
    public List<CamundaGrant> camundaGrants() {
        Grants grants = new Grants();
        Arrays.stream(Resources.values()).forEach(resource -> grants.add(CAMUNDA_ADMIN, resource, ANY, Permissions.ALL));
        for (RunbookAccess runbook : RUNBOOKS) {
            for (String group : runbook.worksTasks()) {
                grants.add(group, Resources.PROCESS_DEFINITION, runbook.key(),
                        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY);
                grants.add(group, Resources.APPLICATION, TASKLIST, Permissions.ACCESS);
                // Tasklist lists the "All tasks" filter only for users who may read it; it shows only their tasks
                grants.add(group, Resources.FILTER, ANY, Permissions.READ);
            }
            for (String group : runbook.retriesFailedSteps()) {
                // seeing the failed step (incidents are read through READ_INSTANCE) and retrying it, nothing else
                grants.add(group, Resources.PROCESS_DEFINITION, runbook.key(), ProcessDefinitionPermissions.READ,
                        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.RETRY_JOB);
                grants.add(group, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
            }
            if (!runbook.agentTopics().isEmpty()) {
                // what fetching, locking and completing external tasks needs; AgentRequestFilter keeps agents to that
                grants.add(AGENTS, Resources.PROCESS_DEFINITION, runbook.key(),
                        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
            }
        }
        grants.add(COMMANDERS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
        // auditors read everything and change nothing; Camunda has no READ_HISTORY on deployments or DRDs
        grants.add(AUDITORS, Resources.APPLICATION, COCKPIT, Permissions.ACCESS);
        grants.add(AUDITORS, Resources.PROCESS_DEFINITION, ANY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_HISTORY);
        grants.add(AUDITORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
        grants.add(AUDITORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
        grants.add(AUDITORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
        return grants.list();
    }

    private static ApiRule rule(HttpMethod method, String pattern, String... groups) {
        return new ApiRule(method, pattern, List.of(groups));
    }

    private static ApiRule rule(HttpMethod method, String pattern, List<String> groups) {
        return new ApiRule(method, pattern, groups);
    }

    private record RunbookAccess(String key, List<String> worksTasks, List<String> retriesFailedSteps,
                                 Set<String> agentTopics) {
    }

    /** Collects grants, merging the permissions of one group on one resource into one authorization. */
    private static final class Grants {

        private final Map<Target, Set<Permission>> permissions = new LinkedHashMap<>();

        void add(String group, Resource resource, String resourceId, Permission... granted) {
            permissions.computeIfAbsent(new Target(group, resource, resourceId), target -> new LinkedHashSet<>())
                    .addAll(List.of(granted));
        }

        List<CamundaGrant> list() {
            List<CamundaGrant> grants = new ArrayList<>();
            permissions.forEach((target, granted) ->
                    grants.add(new CamundaGrant(target.group(), target.resource(), target.resourceId(), granted)));
            return grants;
        }

        private record Target(String group, Resource resource, String resourceId) {
        }
    }
}
