package io.lifeboat.catalog;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Something of a service that is backed up by one agent. Settings are the agent's own; secrets appear
 * in them only as references ({@code ${env:NAME}}, {@code ${file:/path}}).
 */
public record DataSource(String name, String agent,
                         @Schema(description = "the agent's settings as the catalog file has them: strings, numbers, "
                                 + "lists and objects", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                         Map<String, Object> settings) {
}
