package io.lifeboat.retention;

import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Retention sweeps by hand; the daily one starts by its timer. One runs at a time ({@link SweepClaim}). */
@RestController
@RequestMapping("/api/retention")
@Tag(name = "Retention", description = "GFS retention sweeps (daily at 03:00, or now)")
public class RetentionController {

    private final SweepClaim sweeps;

    public RetentionController(SweepClaim sweeps) {
        this.sweeps = sweeps;
    }

    @PostMapping("/sweeps")
    @Operation(summary = "Sweep now", description = "202 with the sweep's id (its process instance); its summary is audited as "
            + "retention.swept and kept in the runbook's history.")
    @ApiResponse(responseCode = "202", description = "the sweep started; its id is its process instance")
    @ApiResponse(responseCode = "409", description = "a sweep is still running (named); one runs at a time",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<Map<String, String>> sweep(Authentication user) {
        ProcessInstance sweep = sweeps.startByHand(user.getName());
        return ResponseEntity.accepted().body(Map.of("id", sweep.getId()));
    }
}
