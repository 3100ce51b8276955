package io.lifeboat.retention;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

@RestController
@RequestMapping("/api/holds")
@Tag(name = "Legal holds", description = "Holds that keep backups from being deleted until an authorised person releases them")
public class LegalHoldController {

    private final LegalHoldService holds;

    public LegalHoldController(LegalHoldService holds) {
        this.holds = holds;
    }

    @PostMapping
    @Operation(summary = "Place a legal hold", description = "On backupIds, or on a whole service (future backups included). "
            + "201 with the hold's id; 404 naming unknown backups.")
    @ApiResponse(responseCode = "201", description = "the hold, with its id")
    @ApiResponse(responseCode = "404", description = "no such backup or service",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "502", description = "S3 refused the object legal hold; no hold was placed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<Map<String, String>> place(@Valid @RequestBody HoldRequest request, Authentication user) {
        LegalHold hold = holds.place(request.backupIds(), request.service(), request.caseRef(), request.reason(), user.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", hold.id()));
    }

    @GetMapping
    @Operation(summary = "Legal holds, active and released, newest first")
    @ApiResponse(responseCode = "200", description = "the holds",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = LegalHold.class))))
    public List<LegalHold> list() {
        return holds.list();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Release a legal hold", description = "By an approver other than the one who placed it (403 for the placer).")
    @ApiResponse(responseCode = "200", description = "the released hold",
            content = @Content(schema = @Schema(implementation = LegalHold.class)))
    @ApiResponse(responseCode = "404", description = "no such hold",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "released already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "502", description = "S3 refused to lift the object legal hold; the hold stays",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public LegalHold release(@PathVariable String id, Authentication user) {
        return holds.release(id, user.getName());
    }

    public record HoldRequest(List<String> backupIds, String service,
                              @NotBlank(message = "caseRef is required: the legal case or incident the hold is for") String caseRef,
                              @NotBlank(message = "reason is required: say why these backups must be kept") String reason) {
    }
}
