package io.lifeboat.drill;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.catalog.Catalog;
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
@RequestMapping("/api/drills")
@Tag(name = "Drills", description = "Restore a backup into a sandbox, check it, measure RTO and RPO, report")
public class DrillController {

    private final DrillService drills;
    private final DrillReport reports;
    private final Catalog catalog;

    DrillController(DrillService drills, DrillReport reports, Catalog catalog) {
        this.drills = drills;
        this.reports = reports;
        this.catalog = catalog;
    }

    @PostMapping
    @Operation(summary = "Drill a service's restore",
            description = "202 with the drill's id. Restores backupId, else the newest verified backup finished by "
                    + "pointInTime, else by recoveryPoint (latest, or random within lifeboat.drill.random-within) into a "
                    + "sandbox, runs the service's drill checks, tears the sandbox down and records a verdict.")
    @ApiResponse(responseCode = "202", description = "on record and started",
            content = @Content(schema = @Schema(implementation = DrillService.Started.class)))
    @ApiResponse(responseCode = "400", description = "a field is wrong; it is named",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "no such service or backup",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "another drill of the service runs, it has no verified backup, or its "
            + "sandbox would touch production (the clash is named)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<DrillService.Started> request(@RequestBody DrillRequest request, Authentication user) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(drills.request(request, user.getName()));
    }

    @GetMapping
    @Operation(summary = "Drills, newest first", description = "Filter by service and verdict.")
    @ApiResponse(responseCode = "200", description = "the drills",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = DrillRecord.class))))
    @ApiResponse(responseCode = "400", description = "unknown verdict",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public List<DrillRecord> list(@RequestParam(required = false) String service,
                                  @Parameter(schema = @Schema(allowableValues = {"passed", "failed", "inconclusive"}))
                                  @RequestParam(required = false) String verdict) {
        if (verdict != null && Arrays.stream(DrillVerdict.values()).noneMatch(known -> known.value().equals(verdict))) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request",
                    "verdict '" + verdict + "' is not one of passed, failed, inconclusive");
        }
        return drills.list(service, verdict == null ? null : DrillVerdict.of(verdict));
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "the drill",
            content = @Content(schema = @Schema(implementation = DrillRecord.class)))
    @ApiResponse(responseCode = "404", description = "no such drill",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public DrillRecord get(@PathVariable String id) {
        return require(id);
    }

    // no "produces": a 404 is the usual JSON error, which a handler that produces only HTML could not write
    @GetMapping("/{id}/report")
    @Operation(summary = "The drill's printable report",
            description = "HTML saying what the JSON says; its SHA-256 is in the record and the audit trail once the drill "
                    + "has finished, so a printed copy can be checked.")
    @ApiResponse(responseCode = "200", description = "the report", content = @Content(mediaType = MediaType.TEXT_HTML_VALUE,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "no such drill",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<String> report(@PathVariable String id) {
        DrillRecord drill = require(id);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(reports.html(drill, catalog.find(drill.service()).orElse(null)));
    }

    private DrillRecord require(String id) {
        return drills.find(id).orElseThrow(() -> new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no drill '" + id + "'"));
    }
}
