package io.lifeboat.intake;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.web.ApiError;
import io.lifeboat.web.ApiExceptionHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Alert webhooks. Each answers 202 only after its alerts are committed to the inbox ({@link AlertIntake}); the
 * heavier work follows in {@link AlertInboxProcessor}. Bodies are read raw and bounded ({@link RequestBodies}); the
 * sender's bearer token was checked by {@link SenderTokenFilter}.
 */
@RestController
@Tag(name = "alerts", description = "Alert intake: webhooks of Alertmanager, Grafana and PagerDuty, and a generic form")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The sender's token, lifeboat.intake.senders.<sender>.token-ref")
@SecurityRequirement(name = "bearer")
public class AlertIntakeController {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIntakeController.class);
    static final String WEBHOOK_ID = "X-Webhook-Id";

    private final AlertIntake intake;
    private final RequestBodies bodies;
    private final SenderSecrets secrets;
    private final Catalog catalog;
    private final ObjectMapper json;
    private final Clock clock;

    public AlertIntakeController(AlertIntake intake, RequestBodies bodies, SenderSecrets secrets, Catalog catalog,
                                 ObjectMapper json, Clock clock) {
        this.intake = intake;
        this.bodies = bodies;
        this.secrets = secrets;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    @Operation(summary = "Alertmanager webhook (payload version \"4\"); one stored alert per entry of alerts[]",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PrometheusStyleWebhook.class))),
            responses = {
                    @ApiResponse(responseCode = "202", description = "stored; processed shortly after",
                            content = @Content(schema = @Schema(implementation = IntakeReceipt.class)))})
    @PostMapping("/api/alerts/alertmanager")
    public ResponseEntity<IntakeReceipt> alertmanager(HttpServletRequest request) throws IOException {
        return accepted(intake.accept(parse(bodies.read(request), PrometheusStyleWebhook.class)
                .alerts(Sender.ALERTMANAGER, "4")));
    }

    @Operation(summary = "Grafana-managed alerting webhook (version \"1\"); extra Grafana fields are ignored",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PrometheusStyleWebhook.class))),
            responses = {
                    @ApiResponse(responseCode = "202", description = "stored; processed shortly after",
                            content = @Content(schema = @Schema(implementation = IntakeReceipt.class)))})
    @PostMapping("/api/alerts/grafana")
    public ResponseEntity<IntakeReceipt> grafana(HttpServletRequest request) throws IOException {
        return accepted(intake.accept(parse(bodies.read(request), PrometheusStyleWebhook.class)
                .alerts(Sender.GRAFANA, "1")));
    }

    @Operation(summary = "PagerDuty webhooks v3, signed (X-PagerDuty-Signature); a redelivered X-Webhook-Id stores nothing new",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PagerDutyWebhookEvent.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "a redelivery; nothing new stored",
                            content = @Content(schema = @Schema(implementation = IntakeReceipt.class))),
                    @ApiResponse(responseCode = "202", description = "stored; processed shortly after",
                            content = @Content(schema = @Schema(implementation = IntakeReceipt.class))),
                    @ApiResponse(responseCode = "401", description = "bad token or signature",
                            content = @Content(schema = @Schema(implementation = ApiError.class)))})
    @PostMapping("/api/alerts/pagerduty")
    public ResponseEntity<IntakeReceipt> pagerduty(HttpServletRequest request) throws IOException {
        byte[] body = bodies.read(request);
        if (!PagerDutySignature.isValid(body, request.getHeader(PagerDutySignature.HEADER), secrets.pagerDutySigningSecrets())) {
            throw RejectedAlertException.badSignature(request.getHeader(PagerDutySignature.HEADER) == null
                    ? "the header " + PagerDutySignature.HEADER + " is missing"
                    : "no signature in " + PagerDutySignature.HEADER + " matches the body and a configured signing secret");
        }
        Alert alert = PagerDutyWebhook.alert(parse(body, JsonNode.class));
        String deliveryId = request.getHeader(WEBHOOK_ID);
        if (deliveryId == null || deliveryId.isBlank()) {
            // PagerDuty always sends one; without it a redelivery cannot be told apart and is stored again
            LOG.warn("PagerDuty webhook without {}: stored without deduplication", WEBHOOK_ID);
            return accepted(intake.accept(List.of(alert)));
        }
        IntakeReceipt receipt = intake.acceptDelivery(alert, AlertFields.atMost(deliveryId, AlertFields.MAX_DELIVERY_ID, WEBHOOK_ID));
        return receipt.duplicate() ? ResponseEntity.ok(receipt) : accepted(receipt);
    }

    @Operation(summary = "One alert in Lifeboat's generic form, for scripts and tools without a webhook format",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = GenericAlertRequest.class))),
            responses = {
                    @ApiResponse(responseCode = "202", description = "stored; processed shortly after",
                            content = @Content(schema = @Schema(implementation = IntakeReceipt.class))),
                    @ApiResponse(responseCode = "400", description = "a field is missing or wrong; the detail names it",
                            content = @Content(schema = @Schema(implementation = ApiError.class))),
                    @ApiResponse(responseCode = "401", description = "missing or wrong bearer token",
                            content = @Content(schema = @Schema(implementation = ApiError.class)))})
    @PostMapping("/api/alerts")
    public ResponseEntity<IntakeReceipt> generic(HttpServletRequest request) throws IOException {
        GenericAlertRequest alert = parse(bodies.read(request), GenericAlertRequest.class);
        return accepted(intake.accept(List.of(alert.alert(catalog, clock.instant()))));
    }

    /** Syntax first, then the shape, so a broken document is reported by line and column, a wrong field by name. */
    private <T> T parse(byte[] body, Class<T> type) {
        try {
            JsonNode tree = json.readTree(body);
            if (!tree.isObject()) {
                throw RejectedAlertException.invalid("the request body must be a JSON object");
            }
            return type == JsonNode.class ? type.cast(tree) : json.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw RejectedAlertException.invalid(ApiExceptionHandler.jsonProblem(e));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    private static ResponseEntity<IntakeReceipt> accepted(IntakeReceipt receipt) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(receipt);
    }
}
