package io.lifeboat.backup.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.lifeboat.secret.SecretReference;
import io.lifeboat.servicenow.ServiceNowInstance;

/**
 * A {@code servicenow} data source's settings: {@code instance} (the instance's https URL, or http on loopback for
 * tests), {@code user} with {@code password-ref}, or {@code client-id-ref} and {@code client-secret-ref} for OAuth
 * (with {@code user} and {@code password-ref} too for the password grant), {@code tables} (the tables exported),
 * optional {@code pageSize} (rows per request, default 1000) and {@code query} (per table an encoded filter, e.g.
 * {@code {incident: "active=true"}}). Secrets stay references until a request is signed.
 *
 * @param filters per table its encoded filter; a table without one is exported whole
 */
record ServiceNowExportSettings(URI instance, String user, SecretReference password, SecretReference clientId,
                                SecretReference clientSecret, List<String> tables, int pageSize,
                                Map<String, String> filters) {

    static final int DEFAULT_PAGE_SIZE = 1000;
    /** The Table API's own default and ceiling of {@code sysparm_limit}. */
    static final int MAX_PAGE_SIZE = 10000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A page of 10,000 wide rows takes the instance a while to serialise. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    /** A table's name as ServiceNow spells it; it becomes a file name too. */
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,79}");
    /**
     * What a filter may not hold: the export appends its own keyset terms and order, which a new query ({@code ^NQ})
     * or an order of the filter's own would escape or contradict.
     */
    private static final List<String> NOT_IN_FILTER = List.of("^NQ", "ORDERBY", "^EQ", "^RL");

    /** The settings with every problem noted in {@code reader}; null fields where a setting is bad. */
    static ServiceNowExportSettings read(AgentSettings reader, Path baseDir) {
        URI instance = instance(reader);
        String user = reader.optionalText("user", null);
        SecretReference password = secret(reader, "password-ref", baseDir);
        SecretReference clientId = secret(reader, "client-id-ref", baseDir);
        SecretReference clientSecret = secret(reader, "client-secret-ref", baseDir);
        boolean oauth = reader.isPresent("client-id-ref") || reader.isPresent("client-secret-ref");
        if (oauth && (!reader.isPresent("client-id-ref") || !reader.isPresent("client-secret-ref"))) {
            reader.problem("OAuth needs both client-id-ref and client-secret-ref");
        }
        if (!oauth && (!reader.isPresent("user") || !reader.isPresent("password-ref"))) {
            reader.problem("user and password-ref are required (or client-id-ref and client-secret-ref for OAuth)");
        }
        if (reader.isPresent("password-ref") != reader.isPresent("user") && oauth) {
            reader.problem("OAuth's password grant needs both user and password-ref; give neither for client credentials");
        }
        List<String> tables = reader.requiredTextList("tables");
        for (String table : tables) {
            if (!TABLE.matcher(table).matches()) {
                reader.problem("tables: '" + table + "' is not a ServiceNow table name (lower-case letters, digits and _)");
            }
        }
        if (tables.stream().distinct().count() < tables.size()) {
            reader.problem("tables names a table twice: " + tables);
        }
        int pageSize = reader.optionalInt("pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        Map<String, String> filters = reader.optionalTextMap("query");
        filters.forEach((table, filter) -> {
            if (!tables.contains(table)) {
                reader.problem("query names table '" + table + "', which is not among tables " + tables);
            }
            NOT_IN_FILTER.stream().filter(filter.toUpperCase()::contains).findFirst().ifPresent(part ->
                    reader.problem("query of " + table + " may not hold " + part + ": the export adds its own order"
                            + " and keyset terms to the filter"));
        });
        return new ServiceNowExportSettings(instance, user, password, clientId, clientSecret, tables, pageSize, filters);
    }

    /** How the {@code io.lifeboat.servicenow} client reaches and signs in to the instance. */
    ServiceNowInstance serviceNowInstance() {
        return new ServiceNowInstance(instance, user, password, clientId, clientSecret, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    String filter(String table) {
        return filters.getOrDefault(table, "");
    }

    private static URI instance(AgentSettings reader) {
        String text = reader.requiredText("instance");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            boolean loopback = "http".equals(uri.getScheme())
                    && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
            if (!"https".equals(uri.getScheme()) && !loopback || uri.getHost() == null) {
                reader.problem("instance '" + text + "' must be an https URL (http only on this host, for tests)");
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                reader.problem("instance '" + uri.getHost() + "' may hold no query and no credentials: give them as"
                        + " user and password-ref");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            reader.problem("instance is not a URL: " + e.getReason());
            return null;
        }
    }

    private static SecretReference secret(AgentSettings reader, String key, Path baseDir) {
        String reference = reader.optionalText(key, null);
        if (reference == null) {
            return null;
        }
        try {
            return SecretReference.parse(reference, baseDir);
        } catch (IllegalArgumentException e) {
            reader.problem(key + " is " + e.getMessage());
            return null;
        }
    }
}
