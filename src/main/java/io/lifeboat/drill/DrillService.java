package io.lifeboat.drill;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.drill.DrillPlanner.PlannedDrill;
import io.lifeboat.drill.DrillRepository.NewDrill;
import io.lifeboat.engine.RunbookIds;
import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;
import io.lifeboat.web.ApiRefusal;
import io.swagger.v3.oas.annotations.media.Schema;

import static io.lifeboat.drill.DrillRunbook.Variables.DRILL_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.NEGATIVE_CONTROL;
import static io.lifeboat.drill.DrillRunbook.Variables.OWNER_GROUP;
import static io.lifeboat.drill.DrillRunbook.Variables.RETRIED;
import static io.lifeboat.drill.DrillRunbook.Variables.SERVICE_ID;
import static io.lifeboat.drill.DrillRunbook.Variables.TIME_LIMIT;

/** Asking for drills and reading their records; the runbook's delegates record its steps in {@link DrillSteps}. */
@Service
public class DrillService {

    private static final Logger LOG = LoggerFactory.getLogger(DrillService.class);

    static final String TRIGGER_API = "api";
    static final String TRIGGER_SCHEDULE = "schedule";
    static final String TRIGGER_RETRY = "retry";


    private final Catalog catalog;
    private final DrillPlanner planner;
    private final DrillRepository drills;
    private final RunbookRequests requests;
    private final RuntimeService runtime;
    private final AuditTrail audit;
    private final DrillProperties properties;
    private final DrillSandboxes sandboxes;
    private final Clock clock;

    DrillService(Catalog catalog, DrillPlanner planner, DrillRepository drills, RunbookRequests requests,
                 RuntimeService runtime, AuditTrail audit, DrillProperties properties, DrillSandboxes sandboxes, Clock clock) {
        this.catalog = catalog;
        this.planner = planner;
        this.drills = drills;
        this.requests = requests;
        this.runtime = runtime;
        this.audit = audit;
        this.properties = properties;
        this.sandboxes = sandboxes;
        this.clock = clock;
    }

    /** What the API answers a request with. */
    @Schema(name = "DrillStarted")
    public record Started(String id, String processInstanceId, DrillRunState state, String reportUrl) {
    }

    /**
     * Records the drill, who asked, and starts the runbook, in one transaction: a refused request (4xx) leaves
     * nothing behind, and a 202 means the drill is on record.
     *
     * @throws ApiRefusal 400 naming the field, 404 for an unknown service or backup, 409 while another drill of the
     *                    service runs or when it has no verified backup
     */
    @Transactional
    public Started request(DrillRequest request, String requester) {
        return start(request, requester, TRIGGER_API, null);
    }

    /** A drill the service's drillPolicy schedule asks for. */
    @Transactional
    public Started scheduled(String serviceId, boolean negativeControl, String initiator) {
        return start(new DrillRequest(serviceId, null, null, null, negativeControl), initiator, TRIGGER_SCHEDULE, null);
    }

    /** An inconclusive drill, once again: the same restore point, as a drill of its own. */
    @Transactional
    public Started retry(String drillId) {
        DrillRecord first = drills.find(drillId).orElseThrow(() -> new IllegalStateException("no drill " + drillId));
        DrillRequest again = first.pointInTime() != null
                ? new DrillRequest(first.service(), null, first.pointInTime().toString(), null, first.negativeControl())
                : new DrillRequest(first.service(), first.backupId(), null, null, first.negativeControl());
        return start(again, first.requestedBy(), TRIGGER_RETRY, first.id());
    }

    private Started start(DrillRequest request, String requester, String trigger, String retryOf) {
        if (request.service() == null || request.service().isBlank()) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request", "service is required");
        }
        ServiceDefinition service = catalog.require(request.service());
        drills.openDrillOf(service.id()).ifPresent(running -> {
            throw new ApiRefusal(HttpStatus.CONFLICT, "drill running", "drill " + running + " of " + service.id()
                    + " is still running; one drill per service at a time");
        });
        PlannedDrill planned = planner.plan(service, request, service.drillPolicy().recoveryPoint());
        boolean negativeControl = Boolean.TRUE.equals(request.negativeControl());
        Instant now = clock.instant();
        String id = RunbookIds.next("dr", service.id(), clock.instant());
        refuseClashes(service, id);
        drills.insert(new NewDrill(id, service.id(), planned.backup().id(), planned.pointInTime(), planned.recoveryPoint(),
                negativeControl, trigger, retryOf, requester, service.rto(), service.rpo(), planned.referenceTime(), now,
                service.drillFingerprint()));
        audit.append(new AuditRecord(requester, "drill.requested", subject(id), service.id(), trigger,
                negativeControl ? "negative control" : "restore drill", "backup " + planned.backup().id() + " ("
                        + planned.recoveryPoint() + (planned.pointInTime() == null ? "" : " " + planned.pointInTime()) + ")"
                        + (retryOf == null ? "" : ", retry of " + retryOf)));
        VariableMap variables = Variables.createVariables();
        DRILL_ID.put(variables, id);
        SERVICE_ID.put(variables, service.id());
        OWNER_GROUP.put(variables, service.ownerGroup());
        NEGATIVE_CONTROL.put(variables, negativeControl);
        RETRIED.put(variables, retryOf != null);
        TIME_LIMIT.put(variables, properties.timeLimit().toString());
        ProcessInstance instance = runtime.createProcessInstanceByKey(DrillRunbook.KEY).businessKey(id)
                .setVariables(variables).execute();
        requests.record(new RunbookRequest(instance.getId(), DrillRunbook.KEY, id, requester,
                trigger.equals(TRIGGER_RETRY) ? "retry of inconclusive drill " + retryOf : "restore drill", now));
        drills.setProcessInstance(id, instance.getId());
        return new Started(id, instance.getId(), DrillRunState.RUNNING, reportUrl(id));
    }

    /** A sandbox that would touch production is refused here, before the drill is on record (409, naming the clash). */
    private void refuseClashes(ServiceDefinition service, String drillId) {
        try {
            sandboxes.refuseClashes(service, drillId);
        } catch (SandboxClashException clash) {
            throw new ApiRefusal(HttpStatus.CONFLICT, "sandbox clash", clash.getMessage());
        } catch (AgentException e) {
            // a production location this host cannot read (a pgBackRest configuration on a data host): the agent's
            // PrepareSandbox asks again where it can, and refuses there
            LOG.info("the sandbox of {} is checked on the agent host only: {}", service.id(), e.getMessage());
        }
    }

    public Optional<DrillRecord> find(String id) {
        return drills.find(id);
    }

    public List<DrillRecord> list(String service, DrillVerdict verdict) {
        return drills.list(service, verdict);
    }


    static String subject(String drillId) {
        return "drill/" + drillId;
    }

    static String reportUrl(String drillId) {
        return "/api/drills/" + drillId + "/report";
    }
}
