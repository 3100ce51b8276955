package io.lifeboat.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiError;
import io.lifeboat.web.ApiRefusal;
import io.lifeboat.web.InputText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Retention sweeps by hand, or their plan only; the daily one starts by its timer. One runs at a time ({@link SweepClaim}). */
@RestController
@RequestMapping("/api/retention")
@Tag(name = "Retention", description = "Retention sweeps (daily at 03:00, or now) and their plans")
public class RetentionController {

    private final SweepClaim sweeps;
    private final RetentionPlanner planner;
    private final RetentionProperties properties;

    public RetentionController(SweepClaim sweeps, RetentionPlanner planner, RetentionProperties properties) {
        this.sweeps = sweeps;
        this.planner = planner;
        this.properties = properties;
    }

    @PostMapping("/sweeps")
    @Operation(summary = "Sweep now, or only show its plan", description = "Without a body or with {\"dryRun\": false}: "
            + "202 with the sweep's id (its process instance); its summary is audited as retention.swept and kept in the "
            + "runbook's history. A service whose plan deletes more than lifeboat.retention.max-delete-fraction of its "
            + "backups waits for an approver first. With {\"dryRun\": true}: 200 with the plan, per backup the rules that "
            + "keep it or the rule that would delete it; nothing is deleted, started or written.")
    @ApiResponse(responseCode = "200", description = "the plan of a dry run",
            content = @Content(schema = @Schema(implementation = SweepPlan.class)))
    @ApiResponse(responseCode = "202", description = "the sweep started; its id is its process instance",
            content = @Content(schema = @Schema(implementation = SweepStarted.class)))
    @ApiResponse(responseCode = "400", description = "the body is not {\"dryRun\": true|false}",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "a sweep is still running (named); one runs at a time",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<?> sweep(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                                           content = @Content(schema = @Schema(implementation = SweepRequest.class)))
                                   @RequestBody(required = false) Map<String, Object> body, Authentication user) {
        if (SweepRequest.of(body).dryRun()) {
            return ResponseEntity.ok(new SweepPlan(true, properties.maxDeleteFraction(),
                    planner.planEveryService().stream().map(ServicePlanView::of).toList()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new SweepStarted(sweeps.startByHand(user.getName()).getId()));
    }

    /**
     * {@code {"dryRun": true}}. Read from the body's fields by hand, because Spring's Jackson ignores unknown fields
     * and a misspelt dry run must not sweep.
     */
    public record SweepRequest(boolean dryRun) {

        /** @throws ApiRefusal 400 naming a field other than dryRun, or a dryRun that is neither true nor false */
        static SweepRequest of(Map<String, Object> body) {
            if (body == null) {
                return new SweepRequest(false);
            }
            body.keySet().stream().filter(field -> !field.equals("dryRun")).findFirst().ifPresent(field -> {
                throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request", "field " + InputText.quote(field)
                        + ": unknown field; the only field is dryRun (true or false)");
            });
            Object dryRun = body.get("dryRun");
            if (dryRun != null && !(dryRun instanceof Boolean)) {
                throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request", "field 'dryRun': "
                        + InputText.quote(String.valueOf(dryRun)) + " is not true or false");
            }
            return new SweepRequest(Boolean.TRUE.equals(dryRun));
        }
    }

    public record SweepStarted(String id) {
    }

    public record SweepPlan(boolean dryRun, double maxDeleteFraction, List<ServicePlanView> services) {
    }

    /**
     * @param backups       the SUCCEEDED backups not yet deleted that were weighed
     * @param needsApproval a sweep would wait for an approver before deleting this service's backups
     */
    public record ServicePlanView(String service, int backups, int deletions, boolean needsApproval,
                                  List<BackupPlanView> decisions) {

        static ServicePlanView of(RetentionPlanner.ServicePlan service) {
            return new ServicePlanView(service.service(), service.plan().decisions().size(), service.plan().expired().size(),
                    service.needsApproval(), service.plan().decisions().stream().map(BackupPlanView::of).toList());
        }
    }

    /**
     * @param action  {@code keep} or {@code delete}
     * @param rules   the rules keeping the backup ({@code keep-last}, {@code minimum-age}, {@code daily}, ...), or
     *                {@code gfs} deleting it
     * @param reasons each rule with why it applies, or why nothing keeps the backup
     */
    public record BackupPlanView(String backupId, String trigger, Instant startedAt, boolean verified,
                                 @Schema(allowableValues = {"keep", "delete"}) String action, List<String> rules,
                                 String reasons) {

        static BackupPlanView of(GfsRetention.Decision decision) {
            return new BackupPlanView(decision.backup().id(), decision.backup().trigger().value(), decision.backup().startedAt(),
                    decision.backup().verified(), decision.keep() ? "keep" : "delete",
                    decision.rules().stream().map(GfsRetention.Rule::label).toList(), decision.reasons());
        }
    }
}
