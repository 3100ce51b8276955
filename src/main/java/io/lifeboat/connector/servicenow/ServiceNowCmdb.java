package io.lifeboat.connector.servicenow;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;
import io.lifeboat.servicenow.TableQuery;

/**
 * The CMDB as Lifeboat reads it (integrations.md §3.4): configuration items of {@code cmdb_ci} (the base class, so any
 * class of CI is found) and their "Depends on::Used by" relationships in {@code cmdb_rel_ci}, whose parent depends on
 * its child. Writes only the fields drill results are written back to.
 */
@Component
public class ServiceNowCmdb {

    /** The name of the relationship type, {@code cmdb_rel_type.name}. */
    public static final String DEPENDS_ON = "Depends on::Used by";
    private static final List<String> CI_FIELDS = List.of("sys_id", "name", "sys_class_name");

    private final ServiceNow serviceNow;
    private volatile String dependsOnType;

    public ServiceNowCmdb(ServiceNow serviceNow) {
        this.serviceNow = serviceNow;
    }

    /** A CI of the CMDB. */
    public record Ci(String sysId, String name, String className) {

        static Ci of(ObjectNode row) {
            return new Ci(row.path("sys_id").asText(), row.path("name").asText(), row.path("sys_class_name").asText());
        }
    }

    /** The CI a catalog entry names, by sys_id or else by name; empty when there is none. */
    public Optional<Ci> find(String reference) {
        ServiceNowTable table = serviceNow.table();
        if (References.isSysId(reference)) {
            return table.get("cmdb_ci", reference, TableQuery.raw().fields(CI_FIELDS)).map(Ci::of);
        }
        return table.first("cmdb_ci", TableQuery.raw().where("name=" + reference).fields(CI_FIELDS)).map(Ci::of);
    }

    /** The CIs this one depends on: the children of its "Depends on::Used by" relationships. */
    public List<Ci> dependsOn(Ci ci) {
        ServiceNowTable table = serviceNow.table();
        List<String> children = table.list("cmdb_rel_ci", TableQuery.raw()
                        .where("parent=" + ci.sysId() + "^type=" + dependsOnType()).fields(List.of("parent", "child", "type")))
                .stream().map(row -> row.path("child").asText()).distinct().toList();
        if (children.isEmpty()) {
            return List.of();
        }
        return table.list("cmdb_ci", TableQuery.raw().where("sys_idIN" + String.join(",", children)).fields(CI_FIELDS))
                .stream().map(Ci::of).toList();
    }

    /** Sets fields of a CI; the same values twice leave it as once. */
    public void update(String sysId, ObjectNode fields) {
        serviceNow.table().update("cmdb_ci", sysId, TableQuery.raw().fields(List.of("sys_id")), fields);
    }

    /** Looked up once: a relationship type's sys_id differs per instance and does not change. */
    private String dependsOnType() {
        String type = dependsOnType;
        if (type == null) {
            type = serviceNow.table().first("cmdb_rel_type", TableQuery.raw().where("name=" + DEPENDS_ON)
                            .fields(List.of("sys_id", "name")))
                    .map(row -> row.path("sys_id").asText())
                    .orElseThrow(() -> RemoteFailure.answered(ServiceNowErrors.PEER, 404, false, null,
                            "cmdb_rel_type has no '" + DEPENDS_ON + "' relationship type"));
            dependsOnType = type;
        }
        return type;
    }
}
