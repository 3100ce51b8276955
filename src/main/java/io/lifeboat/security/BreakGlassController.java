package io.lifeboat.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/break-glass")
@Tag(name = "Break-glass", description = "Time-bound emergency commander roles")
public class BreakGlassController {

    static final int MAX_MINUTES = 240;


    private final BreakGlassService breakGlass;

    public BreakGlassController(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    @PostMapping
    @Operation(summary = "Make a user a commander for a while",
            description = "201 with the grant; 404 for an unknown user; 409 while the user holds an active grant. "
                    + "The grant ends by itself after the given minutes (1 to " + MAX_MINUTES + ").")
    @ApiResponse(responseCode = "201", description = "the grant",
            content = @Content(schema = @Schema(implementation = Granted.class)))
    @ApiResponse(responseCode = "404", description = "no such user",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "the user holds an active grant",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<Granted> grant(@Valid @RequestBody GrantRequest request, Authentication commander) {
        BreakGlassGrant grant = breakGlass.grant(request.user(), Duration.ofMinutes(request.minutes()),
                request.reason(), commander.getName());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Granted(grant.id(), grant.user(), grant.grantedBy(), grant.expiresAt()));
    }

    @GetMapping
    @Operation(summary = "Every break-glass grant, active and past, newest first")
    @ApiResponse(responseCode = "200", description = "the grants",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = BreakGlassGrant.class))))
    public List<BreakGlassGrant> list() {
        return breakGlass.all();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "End a grant before its expiry", description = "200 with the ended grant; 409 if it has ended already.")
    @ApiResponse(responseCode = "200", description = "the ended grant",
            content = @Content(schema = @Schema(implementation = BreakGlassGrant.class)))
    @ApiResponse(responseCode = "404", description = "no such grant",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "ended already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public BreakGlassGrant end(@PathVariable String id, Authentication commander) {
        return breakGlass.endEarly(id, commander.getName());
    }

    public record GrantRequest(
            @NotBlank(message = "user is required: the Camunda user who is to act as a commander") String user,
            @NotNull(message = "minutes is required")
            @Min(value = 1, message = "must be at least 1")
            @Max(value = MAX_MINUTES, message = "must be at most " + MAX_MINUTES + " (4 hours)") Integer minutes,
            @NotBlank(message = "reason is required: say why the emergency role is needed")
            @Size(max = 1000, message = "must be at most 1000 characters") String reason) {
    }

    public record Granted(String id, String user, String grantedBy, Instant expiresAt) {
    }
}
