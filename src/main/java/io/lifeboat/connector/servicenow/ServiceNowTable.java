package io.lifeboat.connector.servicenow;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.http.RemoteFailure;
import io.lifeboat.servicenow.ServiceNowErrors;
import io.lifeboat.servicenow.ServiceNowTableApi;
import io.lifeboat.servicenow.TableQuery;

/**
 * The Table API as the connector's adapters use it: every failure, a timeout included, is a {@link RemoteFailure}
 * (Feign's own exceptions never reach them), and a record that is not there is an empty answer instead of a 404.
 */
final class ServiceNowTable {

    private final ServiceNowTableApi api;

    ServiceNowTable(ServiceNowTableApi api) {
        this.api = api;
    }

    List<ObjectNode> list(String table, TableQuery query) {
        return call(() -> api.list(table, query.parameters()).result());
    }

    Optional<ObjectNode> first(String table, TableQuery query) {
        return list(table, query.limit(1)).stream().findFirst();
    }

    /** Empty when the record does not exist (or an ACL hides it: ServiceNow answers both with 404). */
    Optional<ObjectNode> get(String table, String sysId, TableQuery query) {
        try {
            return Optional.of(call(() -> api.get(table, sysId, query.parameters()).result()));
        } catch (RemoteFailure failure) {
            if (failure.status() == 404) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    ObjectNode create(String table, TableQuery query, ObjectNode fields) {
        return call(() -> api.create(table, query.parameters(), fields).result());
    }

    ObjectNode update(String table, String sysId, TableQuery query, ObjectNode fields) {
        return call(() -> api.update(table, sysId, query.parameters(), fields).result());
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw RemoteFailure.of(ServiceNowErrors.PEER, e);
        }
    }
}
