package io.lifeboat.intake;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.web.ApiRefusal;
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
import jakarta.validation.constraints.Size;

/**
 * The alert inbox as people see it: alerts whose handler keeps failing, and skipping one. HTTP Basic like the rest
 * of {@code /api}: {@link IntakeSecurityConfiguration} leaves this path out of the senders' bearer-token chain.
 */
@RestController
@RequestMapping(AlertInboxController.PATH)
@Tag(name = "Alert inbox", description = "Accepted alerts the processor is stuck on, and skipping them")
public class AlertInboxController {

    static final String PATH = "/api/alerts/inbox";
    private static final String FAILING = "failing";
    private static final String REASON_REQUIRED = "reason is required: say why this alert need not be handled";

    private final StuckAlerts stuck;

    public AlertInboxController(StuckAlerts stuck) {
        this.stuck = stuck;
    }

    @GetMapping
    @Operation(summary = "Unprocessed alerts whose handler failed at least once, oldest first",
            description = "Each holds back the later alerts of its service (waitingBehind) and is retried every round "
                    + "until it succeeds or is skipped.")
    @ApiResponse(responseCode = "200", description = "the failing alerts",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = FailingAlert.class))))
    public List<FailingAlert> list(@Parameter(description = "only \"failing\" so far")
                                   @RequestParam(defaultValue = FAILING) String state) {
        if (!FAILING.equals(state)) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request",
                    "state must be \"" + FAILING + "\", not \"" + state + "\"");
        }
        return stuck.failing();
    }

    /**
     * Operators may skip as well as commanders: they are the ones on call who see the inbox stuck, every later alert
     * of the service waits until someone acts, the alert is one its handler already refuses, and the skip is audited
     * with its reason.
     */
    @PostMapping("/{id}/skip")
    @Operation(summary = "Skip an unprocessed alert: mark it processed without handling it",
            description = "The later alerts of its service are processed in the processor's next round. Audited as "
                    + "alert.skipped. 400 without a reason, 404 for an unknown id, 409 naming when and by whom the "
                    + "alert was already processed or skipped.")
    @ApiResponse(responseCode = "200", description = "the alert, skipped",
            content = @Content(schema = @Schema(implementation = SkippedAlert.class)))
    @ApiResponse(responseCode = "404", description = "no such alert",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "processed or skipped already",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public SkippedAlert skip(@PathVariable long id, @Valid @RequestBody(required = false) SkipRequest request,
                             Authentication user) {
        if (request == null) {
            throw new ApiRefusal(HttpStatus.BAD_REQUEST, "invalid request", REASON_REQUIRED);
        }
        return stuck.skip(id, request.reason(), user.getName());
    }

    public record SkipRequest(
            @NotBlank(message = REASON_REQUIRED)
            @Size(max = 1000, message = "reason is longer than 1000 characters") String reason) {
    }
}
