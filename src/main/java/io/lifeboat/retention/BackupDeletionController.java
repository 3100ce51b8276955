package io.lifeboat.retention;

import java.util.Map;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiRefusal;
import io.lifeboat.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code DELETE /api/backups/{id}}: lives here, not in the backup package, because deleting is retention's business. */
@RestController
@RequestMapping("/api/backups")
@Tag(name = "Backups")
public class BackupDeletionController {

    private final BackupDeletionRequests requests;

    public BackupDeletionController(BackupDeletionRequests requests) {
        this.requests = requests;
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Ask for a backup's deletion", description = "Deletes nothing at once: starts the backup-deletion runbook, "
            + "where an approver other than the requester decides. The reason is required, in the body {\"reason\": ...} or "
            + "as query parameter. 202 with the process instance; 404 unknown; 409 deleted, running, held or already requested.")
    @ApiResponse(responseCode = "202", description = "the approval is waiting for an approver")
    @ApiResponse(responseCode = "404", description = "no such backup",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "deleted, running, held, locked by Object Lock, or waiting for approval already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<Map<String, String>> requestDeletion(@PathVariable String id, @RequestParam(required = false) String reason,
                                                               @RequestBody(required = false) DeletionRequest body,
                                                               Authentication user) {
        String why = reason != null && !reason.isBlank() ? reason : body == null ? null : body.reason();
        if (why == null || why.isBlank()) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request",
                    "reason is required (body {\"reason\": ...} or ?reason=): say why backup " + id + " should be deleted");
        }
        ProcessInstance deletion = requests.request(id, why, user.getName());
        return ResponseEntity.accepted().body(Map.of("processInstanceId", deletion.getId(), "backupId", id));
    }

    public record DeletionRequest(String reason) {
    }
}
