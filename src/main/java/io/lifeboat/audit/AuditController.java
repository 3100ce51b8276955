package io.lifeboat.audit;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.lifeboat.audit.AuditTrail.ChainVerification;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The auditor's read-only view of the trail. */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    /** The trail oldest first, optionally only one subject's or one service's events. */
    @GetMapping("/events")
    @ApiResponse(responseCode = "200", description = "the events, oldest first",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = AuditEvent.class))))
    public List<AuditEvent> events(@RequestParam(required = false) String subject,
                                   @RequestParam(required = false) String service) {
        return trail.events(blankToNull(subject), blankToNull(service));
    }

    /**
     * The whole chain checked with the key and against the newest checkpoint: {@code valid}, {@code events},
     * {@code firstBrokenId}, {@code checkpointedUpTo} and {@code checkpointedAt}, {@code eventsSinceCheckpoint},
     * {@code checkpointedEventsMissing} (checkpointed but gone) and {@code problems} in words.
     */
    @GetMapping("/verify")
    public ChainVerification verify() {
        return trail.verify();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
