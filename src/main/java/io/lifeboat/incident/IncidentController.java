package io.lifeboat.incident;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.catalog.UnknownServiceException;
import io.lifeboat.intake.Severity;
import io.lifeboat.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

@RestController
@RequestMapping("/api/incidents")
@Tag(name = "Incidents", description = "Incidents opened by alerts or declared by commanders")
public class IncidentController {


    private final IncidentService incidents;

    public IncidentController(IncidentService incidents) {
        this.incidents = incidents;
    }

    @GetMapping
    @Operation(summary = "Incidents, newest first", description = "Filter by service and state (OPEN, RESOLVED).")
    @ApiResponse(responseCode = "200", description = "the incidents, without alerts and timeline",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = Incident.class))))
    public ResponseEntity<?> list(@RequestParam(required = false) String service,
                                  @Parameter(schema = @Schema(implementation = IncidentState.class))
                                  @RequestParam(required = false) String state) {
        if (state != null && Arrays.stream(IncidentState.values()).noneMatch(known -> known.name().equals(state))) {
            return ResponseEntity.badRequest().body(new ApiError("bad request",
                    "state '" + state + "' is not one of " + Arrays.toString(IncidentState.values())));
        }
        return ResponseEntity.ok(incidents.list(service, state == null ? null : IncidentState.valueOf(state)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One incident with its alerts and timeline")
    @ApiResponse(responseCode = "200", description = "the incident",
            content = @Content(schema = @Schema(implementation = Incident.class)))
    @ApiResponse(responseCode = "404", description = "no such incident",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<?> get(@PathVariable String id) {
        return incidents.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
    }

    @PostMapping
    @Operation(summary = "Declare an incident by hand", description = "201 with its id; 409 while the service has an open incident.")
    @ApiResponse(responseCode = "201", description = "the incident, opened",
            content = @Content(schema = @Schema(implementation = Declared.class)))
    @ApiResponse(responseCode = "404", description = "no such service",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the service has an open incident",
            content = @Content(schema = @Schema(implementation = AlreadyOpen.class)))
    public ResponseEntity<?> declare(@Valid @RequestBody Declaration declaration, Authentication user) {
        String severity = declaration.severity().toLowerCase(Locale.ROOT);
        if (Arrays.stream(Severity.values()).noneMatch(known -> known.value().equals(severity))) {
            return ResponseEntity.badRequest().body(new ApiError("bad request", "severity '" + declaration.severity()
                    + "' is not one of critical, error, warning, info"));
        }
        try {
            Incident incident = incidents.open(declaration.service(), severity, declaration.title(), user.getName(), null);
            return ResponseEntity.status(HttpStatus.CREATED).body(new Declared(incident.id(), incident.processInstanceId()));
        } catch (IncidentAlreadyOpenException open) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new AlreadyOpen("incident open", open.getMessage(), open.openIncidentId()));
        } catch (UnknownServiceException unknown) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not found", unknown.getMessage()));
        }
    }

    @PostMapping("/{id}/emergency-backups")
    @Operation(summary = "Request an emergency backup for an open incident",
            description = "Commanders only, with a justification; it proceeds through blackout windows and is audited with the "
                    + "incident, the initiator and the justification.")
    @ApiResponse(responseCode = "202", description = "the emergency backup, started or joined",
            content = @Content(schema = @Schema(implementation = EmergencyBackupStarted.class)))
    @ApiResponse(responseCode = "404", description = "no such incident",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the incident is not open, or has no service yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<?> emergencyBackup(@PathVariable String id, @Valid @RequestBody EmergencyBackupRequest request,
                                             Authentication user) {
        Incident incident = incidents.find(id).orElse(null);
        if (incident == null) {
            return notFound(id);
        }
        if (incident.state() != IncidentState.OPEN || incident.service() == null) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("incident not open for backups",
                    "incident " + id + " is " + incident.state() + (incident.service() == null ? " and has no service yet (triage)" : "")));
        }
        IncidentService.EmergencyBackup backup = incidents.startEmergencyBackup(id, null, user.getName(), request.justification(),
                null);
        return ResponseEntity.accepted().body(new EmergencyBackupStarted(backup.backupId(), backup.status().name()));
    }

    private static ResponseEntity<?> notFound(String id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not found", "no incident '" + id + "'"));
    }

    public record Declaration(@NotBlank(message = "service is required") String service,
                              @NotBlank(message = "severity is required: critical, error, warning or info") String severity,
                              @NotBlank(message = "title is required: what is wrong") String title) {
    }

    public record Declared(String id, String processInstanceId) {
    }

    public record AlreadyOpen(String error, String detail, String openIncidentId) {
    }

    public record EmergencyBackupRequest(@NotBlank(message = "justification is required: why this backup, now") String justification) {
    }

    /** @param status RUNNING for a new backup; a running backup of the service is joined, not duplicated */
    public record EmergencyBackupStarted(String backupId, String status) {
    }
}
