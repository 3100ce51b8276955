package io.lifeboat.catalog;

import java.util.Map;

/**
 * Something of a service that is backed up by one agent. Settings are the agent's own; secrets appear
 * in them only as references ({@code ${env:NAME}}, {@code ${file:/path}}).
 */
public record DataSource(String name, String agent, Map<String, Object> settings) {
}
