package io.lifeboat.connector.servicenow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.Hooks;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.catalog.ServiceNowLink;
import io.lifeboat.connector.OutboxMessage;
import io.lifeboat.servicenow.StubServiceNow;

/**
 * The connector against a {@link StubServiceNow} seeded with groups, a user and a small CMDB, and a catalog of five
 * services:
 * <ul>
 *   <li>ticket-db: CI "Ticket DB", group "DBA", depends on identity; the CMDB says it depends on identity and
 *       chat-log (extra), and runs on a host (another relationship type, not a dependency)</li>
 *   <li>identity: CI by sys_id, no group (its ownerGroup, operators), no dependencies in either</li>
 *   <li>chat-log: CI "Chat log", depends on identity and ticket-db; the CMDB has identity (ticket-db missing) and
 *       "Mail relay", which no service names (unknown)</li>
 *   <li>knowledge-base: no serviceNow block, ownerGroup servicedesk, which ServiceNow does not know</li>
 *   <li>ghost: CI "Retired mailer", which the CMDB does not have</li>
 * </ul>
 */
final class ServiceNowTestbed implements AutoCloseable {

    static final String DBA = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a01";
    static final String OPERATORS = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a02";
    static final String INTEGRATION_USER = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b01";
    static final String TICKET_DB_CI = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c01";
    static final String IDENTITY_CI = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c02";
    static final String CHAT_LOG_CI = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c03";
    static final String MAIL_RELAY_CI = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c04";
    static final String DB_HOST_CI = "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c05";
    static final String DEPENDS_ON = "0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d01";
    static final String RUNS_ON = "0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d02";

    final StubServiceNow stub = new StubServiceNow();
    final Catalog catalog;
    private final Path dir;

    ServiceNowTestbed(Path dir) {
        this.dir = dir;
        this.catalog = new Catalog(List.of(
                service("ticket-db", "operators", List.of("identity"), new ServiceNowLink("Ticket DB", "DBA")),
                service("identity", "operators", List.of(), new ServiceNowLink(IDENTITY_CI, null)),
                service("chat-log", "operators", List.of("identity", "ticket-db"), new ServiceNowLink("Chat log", null)),
                service("knowledge-base", "servicedesk", List.of(), null),
                service("ghost", "operators", List.of(), new ServiceNowLink("Retired mailer", null))), dir);
        seed();
    }

    /**
     * Basic authentication with the stub's password from a file; reads time out after 5 s, which the first request
     * of a cold JVM can take.
     */
    ServiceNowProperties properties(boolean customerVisibleUpdates, ServiceNowProperties.Cmdb cmdb) {
        return new ServiceNowProperties(stub.url(), StubServiceNow.USER, "${file:" + secretFile() + "}", null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofDays(3), "Solved (Permanently)",
                StubServiceNow.USER, customerVisibleUpdates, cmdb);
    }

    /** OAuth's password grant: client id and secret and the user's password, each from a file. */
    ServiceNowProperties oauthProperties() {
        return new ServiceNowProperties(stub.url(), StubServiceNow.USER, "${file:" + secretFile() + "}",
                "${file:" + file("servicenow.client", StubServiceNow.CLIENT_ID) + "}",
                "${file:" + file("servicenow.client-secret", StubServiceNow.CLIENT_SECRET) + "}",
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofDays(3), "Solved (Permanently)", null, false,
                new ServiceNowProperties.Cmdb(false, null, null, null));
    }

    ServiceNowProperties properties() {
        return properties(false, new ServiceNowProperties.Cmdb(false, null, null, null));
    }

    ServiceNow serviceNow(ServiceNowProperties properties) {
        return new ServiceNow(properties, catalog, Clock.systemUTC());
    }

    ServiceNowIncidents incidents(ServiceNow serviceNow, Clock clock) {
        return new ServiceNowIncidents(serviceNow, new ServiceNowCmdb(serviceNow), clock);
    }

    static OutboxMessage message(String operation, String key, ObjectNode payload, int attempt) {
        return new OutboxMessage(7, ServiceNow.NAME, operation, key, payload, key, attempt);
    }

    /** The requests the stub got, oldest first, as "METHOD path" and, for a listing, " ?" and its sysparm_query. */
    List<String> requests() {
        List<String> requests = new ArrayList<>(stub.wireMock().getAllServeEvents().stream().map(event -> {
            var request = event.getRequest();
            var query = request.queryParameter("sysparm_query");
            return request.getMethod().getName() + " " + URI.create(request.getUrl()).getPath()
                    + (query.isPresent() ? " ?" + query.firstValue() : "");
        }).toList());
        // WireMock lists the newest first
        Collections.reverse(requests);
        return requests;
    }

    @Override
    public void close() {
        stub.close();
    }

    private void seed() {
        stub.insert("sys_user_group", Map.of("sys_id", DBA, "name", "DBA"));
        stub.insert("sys_user_group", Map.of("sys_id", OPERATORS, "name", "operators"));
        stub.insert("sys_user", Map.of("sys_id", INTEGRATION_USER, "user_name", StubServiceNow.USER, "name", "Lifeboat"));
        ci(TICKET_DB_CI, "Ticket DB", "cmdb_ci_db_instance");
        ci(IDENTITY_CI, "Identity", "cmdb_ci_service");
        ci(CHAT_LOG_CI, "Chat log", "cmdb_ci_service");
        ci(MAIL_RELAY_CI, "Mail relay", "cmdb_ci_service");
        ci(DB_HOST_CI, "db01", "cmdb_ci_linux_server");
        stub.insert("cmdb_rel_type", Map.of("sys_id", DEPENDS_ON, "name", "Depends on::Used by"));
        stub.insert("cmdb_rel_type", Map.of("sys_id", RUNS_ON, "name", "Runs on::Runs"));
        relation(TICKET_DB_CI, IDENTITY_CI, DEPENDS_ON);
        relation(TICKET_DB_CI, CHAT_LOG_CI, DEPENDS_ON);
        relation(TICKET_DB_CI, DB_HOST_CI, RUNS_ON);
        relation(CHAT_LOG_CI, IDENTITY_CI, DEPENDS_ON);
        relation(CHAT_LOG_CI, MAIL_RELAY_CI, DEPENDS_ON);
    }

    private void ci(String sysId, String name, String className) {
        stub.insert("cmdb_ci", Map.of("sys_id", sysId, "name", name, "sys_class_name", className));
    }

    private void relation(String parent, String child, String type) {
        stub.insert("cmdb_rel_ci", Map.of("parent", parent, "child", child, "type", type));
    }

    private Path secretFile() {
        return file("servicenow.pw", StubServiceNow.PASSWORD);
    }

    private Path file(String name, String secret) {
        try {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                Files.writeString(file, secret);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceDefinition service(String id, String ownerGroup, List<String> dependsOn, ServiceNowLink link) {
        return new ServiceDefinition(id, "Service " + id, 1, ownerGroup, Duration.ofHours(4), Duration.ofHours(4),
                Duration.ofDays(1), dependsOn, List.of(), null, Hooks.NONE, List.of(), DrillPolicy.byDefault(1, List.of()),
                List.of(), link, "services/" + id + ".yaml");
    }
}
