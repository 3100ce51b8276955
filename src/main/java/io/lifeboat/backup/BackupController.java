package io.lifeboat.backup;

import java.util.Arrays;
import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;
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
@RequestMapping("/api/backups")
@Tag(name = "Backups", description = "Request backups and read their records")
public class BackupController {

    private final BackupService backups;
    private final StepRetry.Finder retries;
    private final BackupHistory history;
    private final BackupFiles files;

    public BackupController(BackupService backups, StepRetry.Finder retries, BackupHistory history, BackupFiles files) {
        this.history = history;
        this.files = files;
        this.backups = backups;
        this.retries = retries;
    }

    @PostMapping
    @Operation(summary = "Back up one service now",
            description = "202 with the backup's id; 409 inside a blackout window or while a backup of the service runs. "
                    + "Emergency backups belong to an incident: POST /api/incidents/{id}/emergency-backups.")
    @ApiResponse(responseCode = "202", description = "started, or waiting for a blackout window to end",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @ApiResponse(responseCode = "404", description = "no such service",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "inside a blackout window, or a backup of the service runs",
            content = @Content(schema = @Schema(implementation = Conflict.class)))
    public ResponseEntity<?> request(@Valid @RequestBody BackupRequest request, Authentication user) {
        if (request.trigger() != null && !BackupTrigger.MANUAL.value().equals(request.trigger())) {
            return ResponseEntity.badRequest().body(new ApiError("bad request", "trigger '" + request.trigger() + "' cannot be "
                    + "requested here: this endpoint starts manual backups; an emergency backup belongs to an incident "
                    + "(POST /api/incidents/{id}/emergency-backups), other triggers are started by their runbooks"));
        }
        BackupService.Outcome outcome;
        try {
            outcome = backups.request(request.service(), BackupTrigger.MANUAL, request.reason(), user.getName());
        } catch (DataIntegrityViolationException raced) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("backup running",
                    "another backup of " + request.service() + " started at the same moment"));
        }
        return respond(outcome, request.service());
    }

    private static ResponseEntity<?> respond(BackupService.Outcome outcome, String service) {
        if (outcome instanceof BackupService.Outcome.Started started) {
            return ResponseEntity.accepted().body(new Accepted(started.backupId(), started.processInstanceId()));
        }
        if (outcome instanceof BackupService.Outcome.Deferred deferred) {
            return ResponseEntity.accepted().body(new Accepted(deferred.backupId(), deferred.processInstanceId()));
        }
        if (outcome instanceof BackupService.Outcome.Refused refused) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("blackout window", refused.reason()));
        }
        String running = ((BackupService.Outcome.AlreadyRunning) outcome).runningBackupId();
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new Conflict("backup running", "backup " + running + " of "
                + service + " is still running; one backup per service runs at a time", running));
    }

    @GetMapping
    @Operation(summary = "Backups, newest first", description = "Filter by service and status (RUNNING, SUCCEEDED, FAILED).")
    @ApiResponse(responseCode = "200", description = "the backups",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = BackupAnswer.class))))
    public ResponseEntity<?> list(@RequestParam(required = false) String service,
                                  @Parameter(schema = @Schema(implementation = BackupStatus.class))
                                  @RequestParam(required = false) String status) {
        if (status != null && Arrays.stream(BackupStatus.values()).noneMatch(known -> known.name().equals(status))) {
            return ResponseEntity.badRequest().body(new ApiError("bad request",
                    "status '" + status + "' is not one of " + Arrays.toString(BackupStatus.values())));
        }
        List<BackupRecord> records = backups.list(service, status == null ? null : BackupStatus.valueOf(status));
        return ResponseEntity.ok(records.stream().map(record -> BackupAnswer.of(record, retries)).toList());
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "the backup",
            content = @Content(schema = @Schema(implementation = BackupAnswer.class)))
    @ApiResponse(responseCode = "404", description = "no such backup",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<?> get(@PathVariable String id) {
        return backups.find(id).<ResponseEntity<?>>map(record -> ResponseEntity.ok(BackupAnswer.of(record, retries, history.of(id))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not found", "no backup '" + id + "'")));
    }

    /** Longer prefixes name no path a user types; NUL ends a path for the tools. */
    static final int MAX_PREFIX = 1_000;

    @GetMapping("/{id}/files")
    @Operation(summary = "What a backup holds, to find the file to restore",
            description = "Files and directories per data source, sorted by data source, then path; at most "
                    + BackupFiles.MAX_ENTRIES + " entries, truncated: true when more matched. prefix (a plain string, no "
                    + "globbing) keeps the paths that start with it. sha256 is recorded by the files agent, null for "
                    + "restic. A data source whose agent keeps no file list (pgdump, pgbackrest) lists nothing and is "
                    + "named in unlisted with a note.")
    @ApiResponse(responseCode = "200", description = "the listing",
            content = @Content(schema = @Schema(implementation = BackupFiles.Listing.class)))
    @ApiResponse(responseCode = "400", description = "prefix over " + MAX_PREFIX + " characters or holding NUL",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "no such backup",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the backup failed, was deleted or is still running",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "an agent could not read what it made",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<?> files(@PathVariable String id,
                                   @Parameter(description = "keep the paths that start with this plain string; none: all")
                                   @RequestParam(required = false, defaultValue = "") String prefix) {
        if (prefix.length() > MAX_PREFIX || prefix.indexOf('\0') >= 0) {
            return ResponseEntity.badRequest().body(new ApiError("bad request",
                    "prefix must be at most " + MAX_PREFIX + " characters and hold no NUL"));
        }
        return ResponseEntity.ok(files.list(id, prefix));
    }

    public record BackupRequest(@NotBlank(message = "service is required") String service,
                                @NotBlank(message = "reason is required: say why this backup is needed") String reason,
                                String trigger) {
    }

    public record Accepted(String id, String processInstanceId) {
    }

    public record Conflict(String error, String detail, String runningBackupId) {
    }
}
