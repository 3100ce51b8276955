package io.lifeboat.servicenow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sysparm_*} parameters of a Table API call. References come back as plain sys_ids
 * ({@code sysparm_exclude_reference_link=true}) and values raw ({@code sysparm_display_value=false}), so what is
 * written and what is read look alike; the total count is skipped.
 */
public final class TableQuery {

    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private TableQuery() {
        parameters.put("sysparm_exclude_reference_link", "true");
        parameters.put("sysparm_display_value", "false");
        parameters.put("sysparm_no_count", "true");
    }

    public static TableQuery raw() {
        return new TableQuery();
    }

    /** An encoded query ({@code field=value^ORDERBYfield}); ServiceNow silently ignores the parts it cannot read. */
    public TableQuery where(String encodedQuery) {
        parameters.put("sysparm_query", encodedQuery);
        return this;
    }

    public TableQuery fields(List<String> fields) {
        parameters.put("sysparm_fields", String.join(",", fields));
        return this;
    }

    public TableQuery limit(int limit) {
        parameters.put("sysparm_limit", Integer.toString(limit));
        return this;
    }

    public Map<String, Object> parameters() {
        return Map.copyOf(parameters);
    }
}
