package io.lifeboat.access;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

import io.lifeboat.security.ApiRule;
import io.lifeboat.web.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * Writes into the OpenAPI document what is true of every operation and would drift if each controller said it:
 * HTTP Basic on every operation without a scheme of its own (the webhooks declare their bearer token), who may call
 * it (from the {@link AccessMatrix}), the 401 and 403 it then answers, the 400 of any operation taking input and the
 * 404 of any addressing something by id, the 413, 415 and 503 of every alert webhook, all with Lifeboat's error body; and that a property not marked required may be null, as Jackson writes every field.
 */
@Component
class OpenApiAccess implements OpenApiCustomizer {

    static final String BASIC = "basic";

    private final AccessMatrix matrix;

    OpenApiAccess(AccessMatrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A Lifeboat user (Camunda identity); what each group may call is listed per operation"));
        ModelConverters.getInstance().read(ApiError.class).forEach(components::addSchemas);
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    document(HttpMethod.valueOf(method.name()), path, operation)));
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiAccess::nullableUnlessRequired);
        }
    }

    private void document(HttpMethod method, String path, Operation operation) {
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            respond(operation, "400", "the input is wrong; the detail names what");
        }
        if (path.contains("{")) {
            respond(operation, "404", "nothing has this id");
        }
        respond(operation, "401", "no or wrong credentials");
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            // the alert webhooks, which declare their senders' bearer token: what every one of them answers
            respond(operation, "413", "body above lifeboat.intake.max-body-bytes");
            respond(operation, "415", "the body is not declared application/json");
            respond(operation, "503", "not stored (database unavailable); the sender retries");
            return;
        }
        operation.addSecurityItem(new SecurityRequirement().addList(BASIC));
        List<String> groups = matrix.apiRules().stream()
                .filter(rule -> rule.method().equals(method) && rule.pattern().equals(path))
                .findFirst().map(ApiRule::groups).orElse(List.of());
        String who = groups.isEmpty() ? "nobody" : String.join(", ", groups);
        operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + "\n\n")
                + "Allowed: " + who + ".");
        respond(operation, "403", "the caller's groups may not do this (allowed: " + who + "), or a rule refused it");
    }

    private static void respond(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiError")))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullableUnlessRequired(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        properties.forEach((name, property) -> {
            // OpenAPI 3.0 ignores what stands beside a $ref: a referenced type that may be null says so itself
            if (!required.contains(name) && property.get$ref() == null) {
                property.setNullable(true);
            }
            nullableUnlessRequired(property);
        });
    }
}
