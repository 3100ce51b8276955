package io.lifeboat.catalog;

import static io.lifeboat.catalog.CatalogFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.agent.spi.BackupMethod;

class CatalogTest {

    @TempDir
    Path runbooksDir;

    CatalogFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new CatalogFixture(runbooksDir);
    }

    @Test
    void dependenciesAreResolvedBothWays() {
        Catalog catalog = fixture.service("identity", service("identity"))
                .service("ticket-db", service("ticket-db") + "dependsOn: [identity]\n")
                .service("chat-log", service("chat-log") + "dependsOn: [identity, ticket-db]\n")
                .load();

        assertThat(catalog.services()).extracting(ServiceDefinition::id).containsExactly("chat-log", "identity", "ticket-db");
        assertThat(catalog.require("chat-log").dependsOn()).containsExactly("identity", "ticket-db");
        assertThat(catalog.usedBy("identity")).containsExactly("chat-log", "ticket-db");
        assertThat(catalog.usedBy("ticket-db")).containsExactly("chat-log");
        assertThat(catalog.usedBy("chat-log")).isEmpty();
        assertThat(catalog.runbooksDir()).isEqualTo(runbooksDir.toAbsolutePath().normalize());
    }

    @Test
    void alertsMapToAServiceByItsServiceLabelFirstThenByMatchers() {
        Catalog catalog = fixture.service("ticket-db", service("ticket-db") + """
                        alertMatchers:
                          - labels: {job: ticketdb}
                          - labels: {instance: "db01:9187", alertname: BackupFailed}
                        """)
                .service("identity", service("identity") + """
                        alertMatchers:
                          - labels: {job: ldap}
                        """)
                .load();

        assertThat(catalog.require("ticket-db").alertMatchers()).containsExactly(
                Map.of("job", "ticketdb"), Map.of("instance", "db01:9187", "alertname", "BackupFailed"));
        assertThat(catalog.serviceForLabels(Map.of("job", "ticketdb", "alertname", "Down"))).map(ServiceDefinition::id)
                .contains("ticket-db");
        assertThat(catalog.serviceForLabels(Map.of("instance", "db01:9187", "alertname", "BackupFailed")))
                .map(ServiceDefinition::id).contains("ticket-db");
        // every label of one matcher must be equal
        assertThat(catalog.serviceForLabels(Map.of("instance", "db01:9187", "alertname", "DiskFull"))).isEmpty();
        // the service label wins over a matcher of another service
        assertThat(catalog.serviceForLabels(Map.of("service", "identity", "job", "ticketdb"))).map(ServiceDefinition::id)
                .contains("identity");
        // a service label that is not a catalog id falls back to the matchers
        assertThat(catalog.serviceForLabels(Map.of("service", "pg-main", "job", "ldap"))).map(ServiceDefinition::id)
                .contains("identity");
        assertThat(catalog.serviceForLabels(Map.of("service", "pg-main"))).isEmpty();
    }

    @Test
    void unknownIdIsNamed() {
        Catalog catalog = fixture.service("identity", service("identity")).load();

        assertThat(catalog.find("nope")).isEmpty();
        assertThatThrownBy(() -> catalog.require("nope")).isInstanceOf(UnknownServiceException.class)
                .hasMessage("no service 'nope' in the catalog");
        assertThatThrownBy(() -> catalog.usedBy("nope")).isInstanceOf(UnknownServiceException.class);
    }

    @Test
    void everyFieldIsRead() {
        fixture.write("hooks/health.groovy", "return true").service("ticket-db", """
                id: ticket-db
                name: Ticket database
                tier: 2
                ownerGroup: operators
                rto: PT4H
                rpo: PT2H
                mtd: P1D
                dataSources:
                  - name: tickets
                    agent: restic
                    settings:
                      paths: [demo-data/ticket-db]
                      passwordRef: ${file:secrets/ticket-db-restic.password}
                backupPolicy:
                  schedule: "0 */30 * * * *"
                  method: Incremental
                  retention:
                    daily: 7
                    monthly: 12
                    keepLast: 5
                    minimumAge: {manual: P90D, emergency: PT12H}
                  storageTarget: local
                  blackoutWindows:
                    - name: weekend-night
                      days: [sat, Sunday]
                      from: "23:00"
                      to: "01:00"
                      zone: Europe/Berlin
                hooks:
                  healthCheck: hooks/health.groovy
                drillChecks:
                  - name: all tickets
                    type: rowCount
                    file: tickets.csv
                    expected: 200
                """);

        ServiceDefinition service = fixture.load().require("ticket-db");

        assertThat(service.name()).isEqualTo("Ticket database");
        assertThat(service.tier()).isEqualTo(2);
        assertThat(service.ownerGroup()).isEqualTo("operators");
        assertThat(List.of(service.rto(), service.rpo(), service.mtd()))
                .containsExactly(Duration.ofHours(4), Duration.ofHours(2), Duration.ofDays(1));
        assertThat(service.dependsOn()).isEmpty();
        // unquoted, the secret reference still arrives as a plain string
        assertThat(service.dataSources()).containsExactly(new DataSource("tickets", "restic", Map.of(
                "paths", List.of("demo-data/ticket-db"), "passwordRef", "${file:secrets/ticket-db-restic.password}")));
        BackupPolicy policy = service.backupPolicy();
        assertThat(policy.schedule().cron()).isEqualTo("0 */30 * * * *");
        assertThat(policy.method()).isEqualTo(BackupMethod.INCREMENTAL);
        assertThat(policy.retention()).isEqualTo(new Retention(7, Retention.DEFAULT.weekly(), 12, 5, Map.of(
                "manual", Duration.ofDays(90), "change", Duration.ofDays(30), "pre-restore", Duration.ofDays(30),
                "emergency", Duration.ofHours(12))));
        assertThat(policy.storageTarget()).isEqualTo("local");
        assertThat(policy.incidentStorageTarget()).as("without incidentStorageTarget, emergencies use the normal target")
                .isEqualTo("local");
        assertThat(policy.blackoutWindows()).containsExactly(new BlackoutWindow("weekend-night",
                Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(23, 0), LocalTime.of(1, 0),
                ZoneId.of("Europe/Berlin")));
        assertThat(service.hooks()).isEqualTo(new Hooks("hooks/health.groovy", null, null, null, null));
        assertThat(service.drillChecks()).containsExactly(
                new DrillCheck("rowCount", Map.of("name", "all tickets", "file", "tickets.csv", "expected", 200)));
        assertThat(service.file()).isEqualTo("services/ticket-db.yaml");
    }

    @Test
    void optionalPartsHaveTheirDefaults() {
        ServiceDefinition service = fixture.service("a", service("a")).load().require("a");

        assertThat(service.backupPolicy().retention()).isEqualTo(Retention.DEFAULT);
        assertThat(service.backupPolicy().blackoutWindows()).isEmpty();
        assertThat(service.hooks()).isEqualTo(Hooks.NONE);
        assertThat(service.drillChecks()).isEmpty();
        assertThat(service.dependsOn()).isEmpty();
    }

    @Test
    void blackoutWindowZoneDefaultsToUtc() {
        ServiceDefinition service = fixture.service("a", service("a")
                + "  blackoutWindows: [{name: w, days: [MON], from: \"01:00\", to: \"02:00\"}]\n").load().require("a");

        assertThat(service.backupPolicy().blackoutWindows().get(0).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void twoAgentsWithOneNameAreRefused() {
        assertThatThrownBy(() -> new CatalogLoader(List.of(FakeAgents.files(), FakeAgents.files()), CatalogFixture.STORAGE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two backup agents are named 'files'");
    }
}
