package io.lifeboat.restore;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiError;
import io.lifeboat.web.ApiRefusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/restores")
@Tag(name = "Restores", description = "Bring a service's data back from a backup, in place or elsewhere")
public class RestoreController {

    private final RestoreService restores;
    private final RestoreDecisions decisions;

    RestoreController(RestoreService restores, RestoreDecisions decisions) {
        this.restores = restores;
        this.decisions = decisions;
    }

    @PostMapping
    @Operation(summary = "Restore a service",
            description = "202 with the restore's id. In place waits for a commander other than the requester to approve "
                    + "(Tasklist or POST /api/restores/{id}/decision); alternate starts at once. The restore point is "
                    + "backupId, else the newest verified backup finished by pointInTime, else the newest verified backup.")
    @ApiResponse(responseCode = "202", description = "on record and started",
            content = @Content(schema = @Schema(implementation = RestoreService.Started.class)))
    @ApiResponse(responseCode = "400", description = "a field is wrong; it is named",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "no such service, backup or incident",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "a backup or another restore of the service runs, or nothing to restore",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<RestoreService.Started> request(@RequestBody RestoreRequest request, Authentication user) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(restores.request(request, user.getName()));
    }

    @GetMapping
    @Operation(summary = "Restores, newest first", description = "Filter by service and state.")
    @ApiResponse(responseCode = "200", description = "the restores",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = RestoreRecord.class))))
    @ApiResponse(responseCode = "400", description = "unknown state",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<RestoreRecord> list(@RequestParam(required = false) String service,
                                    @Parameter(schema = @Schema(implementation = RestoreState.class))
                                    @RequestParam(required = false) String state) {
        if (state != null && Arrays.stream(RestoreState.values()).noneMatch(known -> known.name().equals(state))) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request",
                    "state '" + state + "' is not one of " + Arrays.toString(RestoreState.values()));
        }
        return restores.list(service, state == null ? null : RestoreState.valueOf(state));
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "the restore",
            content = @Content(schema = @Schema(implementation = RestoreRecord.class)))
    @ApiResponse(responseCode = "404", description = "no such restore",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public RestoreRecord get(@PathVariable String id) {
        return restores.find(id).orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no restore '" + id + "'"));
    }

    @PostMapping("/{id}/decision")
    @Operation(summary = "Approve or reject an in-place restore",
            description = "Completes the approval task as the caller: a commander other than the requester. A rejection, "
                    + "and waiving the safety backup, need a comment.")
    @ApiResponse(responseCode = "204", description = "decided")
    @ApiResponse(responseCode = "400", description = "no approve, or no comment where one is needed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "the requester, or not a candidate",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "no such restore",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "no approval waits",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<Void> decide(@PathVariable String id, @RequestBody RestoreDecision decision,
                                       Authentication user) {
        decisions.decide(id, decision, user.getName(),
                user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        return ResponseEntity.noContent().build();
    }
}
