package io.lifeboat.restore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.engine.RunbookIds;
import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;
import io.lifeboat.restore.RestoreJson.Plan;
import io.lifeboat.restore.RestorePlanner.PlannedRestore;
import io.lifeboat.restore.RestoreRepository.NewRestore;
import io.lifeboat.web.ApiRefusal;

import static io.lifeboat.restore.RestoreRunbook.Variables.IN_PLACE;
import static io.lifeboat.restore.RestoreRunbook.Variables.KEEP_PREVIOUS;
import static io.lifeboat.restore.RestoreRunbook.Variables.KEEP_SAFETY_BACKUP;
import static io.lifeboat.restore.RestoreRunbook.Variables.PLAN;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.RESTORE_POINT;
import static io.lifeboat.restore.RestoreRunbook.Variables.SERVICE_ID;
import static io.lifeboat.restore.RestoreRunbook.Variables.STORAGE_TARGET;
import static io.lifeboat.restore.RestoreRunbook.Variables.TAKE_SAFETY_BACKUP;

/** Asking for restores and reading their records; the {@code restore} runbook's delegates record their steps here. */
@Service
public class RestoreService {


    private final Catalog catalog;
    private final RestorePlanner planner;
    private final RestoreRepository restores;
    private final BackupRepository backups;
    private final RunbookRequests requests;
    private final IncidentStarts incidents;
    private final ApprovalFacts approvalFacts;
    private final RuntimeService runtime;
    private final AuditTrail audit;
    private final RestoreProperties properties;
    private final Clock clock;

    public RestoreService(Catalog catalog, RestorePlanner planner, RestoreRepository restores, BackupRepository backups, RunbookRequests requests,
                          IncidentStarts incidents, ApprovalFacts approvalFacts, RuntimeService runtime, AuditTrail audit,
                          RestoreProperties properties, Clock clock) {
        this.catalog = catalog;
        this.planner = planner;
        this.restores = restores;
        this.backups = backups;
        this.requests = requests;
        this.incidents = incidents;
        this.approvalFacts = approvalFacts;
        this.runtime = runtime;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** What the API answers a request with. */
    public record Started(String id, String processInstanceId, RestoreState state) {
    }

    /**
     * Records the request, who asked and why, and starts the runbook, in one transaction: a refused request (4xx)
     * leaves nothing behind, and a 202 means the restore is on record.
     *
     * @throws ApiRefusal 400 naming the field, 404 for an unknown service, backup or incident, 409 while a backup or
     *                    another restore of the service runs
     */
    @Transactional
    public Started request(RestoreRequest request, String requester) {
        return start(request, requester, true);
    }

    /**
     * A drill's restore into its sandbox: alternate, so no approval, no safety backup and no switch; the checks are
     * the drill's, so the restore runs none of its own. Refused as {@link #request} refuses, in the drill's
     * transaction.
     *
     * @param pointInTime null for the backup itself
     */
    @Transactional
    public Started requestSandbox(String service, String backupId, Instant pointInTime,
                                  Map<String, Map<String, Object>> sandbox, String reason, String requester) {
        RestoreRequest request = new RestoreRequest(service, pointInTime == null ? backupId : null,
                pointInTime == null ? null : pointInTime.toString(),
                new RestoreRequest.Target(RestoreMode.ALTERNATE.value(), sandbox), null, reason, null, null);
        return start(request, requester, false);
    }

    private Started start(RestoreRequest request, String requester, boolean runChecks) {
        PlannedRestore planned = planner.plan(request);
        String service = planned.service().id();
        restores.openRestoreOf(service).ifPresent(running -> {
            throw new ApiRefusal(HttpStatus.CONFLICT, "restore running", "restore " + running + " of " + service
                    + " is still open; one restore per service at a time");
        });
        // a backup that has just ended lets go of the service a moment after its record says so: no reason to refuse
        backups.claimHolder(service).filter(holder -> backups.find(holder)
                .map(backup -> backup.status() == BackupStatus.RUNNING).orElse(true)).ifPresent(running -> {
            throw new ApiRefusal(HttpStatus.CONFLICT, "backup running", "backup " + running + " of " + service
                    + " is running; restore once it has finished");
        });
        Instant now = clock.instant();
        Instant reference = now;
        if (request.incidentId() != null) {
            reference = incidents.startOf(request.incidentId()).orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND,
                    "not found", "no incident '" + request.incidentId() + "'"));
        }
        boolean inPlace = planned.mode() == RestoreMode.IN_PLACE;
        String id = RunbookIds.next("rs", service, clock.instant());
        RestoreState state = inPlace ? RestoreState.AWAITING_APPROVAL : RestoreState.RUNNING;
        restores.insert(new NewRestore(id, service, planned.backup().id(), planned.pointInTime(), planned.mode().value(),
                planned.target(), planned.paths(), state, requester, now, request.reason(), request.incidentId(),
                Boolean.TRUE.equals(request.allowUnverified()), reference));
        audit.append(new AuditRecord(requester, "restore.requested", subject(id), service, planned.mode().value(),
                request.reason(), "restore point " + planned.backup().id() + (planned.pointInTime() == null ? ""
                        : ", point in time " + planned.pointInTime()) + (planned.backup().verified() ? "" : ", NOT verified")
                        + (request.incidentId() == null ? "" : ", incident " + request.incidentId())));
        Plan plan = new Plan(id, planned.mode(), planned.paths(), planned.pointInTime(), planned.backup().restorePoint(),
                planned.sources(), planned.leftOut(), runChecks);
        VariableMap variables = Variables.createVariables();
        RESTORE_ID.put(variables, id);
        SERVICE_ID.put(variables, service);
        RESTORE_POINT.put(variables, planned.backup().id());
        if (planned.backup().storageTarget() != null) {
            STORAGE_TARGET.put(variables, planned.backup().storageTarget());
        }
        IN_PLACE.put(variables, inPlace);
        TAKE_SAFETY_BACKUP.put(variables, inPlace);
        PLAN.put(variables, RestoreJson.of(plan));
        KEEP_PREVIOUS.put(variables, properties.keepPrevious().toString());
        KEEP_SAFETY_BACKUP.put(variables, properties.keepSafetyBackup().toString());
        if (inPlace) {
            variables.putAll(approvalFacts.of(planned, requester, request.reason(), request.incidentId(), now));
        }
        ProcessInstance instance = runtime.createProcessInstanceByKey(RestoreRunbook.KEY).businessKey(id)
                .setVariables(variables).execute();
        requests.record(new RunbookRequest(instance.getId(), RestoreRunbook.KEY, id, requester, request.reason(), now));
        restores.setProcessInstance(id, instance.getId());
        return new Started(id, instance.getId(), state);
    }

    /** With the service's objectives; a service gone from the catalog shows none. */
    public Optional<RestoreRecord> find(String id) {
        return restores.find(id).map(this::withObjectives);
    }

    public List<RestoreRecord> list(String service, RestoreState state) {
        return restores.list(service, state).stream().map(this::withObjectives).toList();
    }

    private RestoreRecord withObjectives(RestoreRecord restore) {
        return catalog.find(restore.service()).map(service -> restore.withObjectives(service.rto(), service.rpo()))
                .orElse(restore);
    }


    static String subject(String restoreId) {
        return "restore/" + restoreId;
    }
}
