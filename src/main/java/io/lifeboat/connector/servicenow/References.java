package io.lifeboat.connector.servicenow;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.catalog.ServiceNowLink;
import io.lifeboat.servicenow.TableQuery;

/**
 * Where a ticket of a service goes, and a reference field's value from what settings and the catalog give: a sys_id
 * as it is, a name looked up to its sys_id. Lifeboat writes raw values only, never with
 * {@code sysparm_input_display_value=true}: in that mode choice fields (state, urgency, impact) would be read as their
 * labels too, so "2" might not mean 2.
 */
final class References {

    private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");

    private final ServiceNowTable table;
    private final ServiceNowCmdb cmdb;

    References(ServiceNowTable table, ServiceNowCmdb cmdb) {
        this.table = table;
        this.cmdb = cmdb;
    }

    /**
     * Sets {@code assignment_group} and {@code cmdb_ci} of a service's ticket: its catalog link's, else the group named
     * like its {@code ownerGroup} and no CI. A name ServiceNow does not know leaves its field empty and adds a line to
     * {@code notes} saying so: the ticket matters more than its routing.
     */
    void route(ServiceDefinition service, ObjectNode fields, List<String> notes) {
        ServiceNowLink link = service.serviceNow() == null ? new ServiceNowLink(null, null) : service.serviceNow();
        String group = link.assignmentGroup() == null ? service.ownerGroup() : link.assignmentGroup();
        group(group).ifPresentOrElse(id -> fields.put("assignment_group", id),
                () -> notes.add("No assignment group: ServiceNow has no group '" + group + "'."));
        if (link.ci() != null) {
            cmdb.find(link.ci()).ifPresentOrElse(ci -> fields.put("cmdb_ci", ci.sysId()),
                    () -> notes.add("No CI: ServiceNow has no configuration item '" + link.ci() + "'."));
        }
    }

    static boolean isSysId(String value) {
        return value != null && SYS_ID.matcher(value).matches();
    }

    /** A {@code sys_user_group} by sys_id or name. */
    Optional<String> group(String reference) {
        return resolve("sys_user_group", "name", reference);
    }

    /** A {@code sys_user} by sys_id or user name. */
    Optional<String> user(String reference) {
        return resolve("sys_user", "user_name", reference);
    }

    private Optional<String> resolve(String tableName, String nameField, String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        if (isSysId(reference)) {
            return Optional.of(reference);
        }
        return table.first(tableName, TableQuery.raw().where(nameField + "=" + reference).fields(List.of("sys_id")))
                .map(row -> row.path("sys_id").asText());
    }
}
