package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillFingerprintTest {

    private static final String TICKET_DB = """
            id: ticket-db
            name: Ticket database
            tier: 1
            ownerGroup: operators
            rto: PT4H
            rpo: PT4H
            mtd: P1D
            alertMatchers:
              - labels: {job: ticketdb, env: prod}
            dataSources:
              - name: tickets
                agent: files
                settings: {path: data/tickets, compression: zstd}
            backupPolicy:
              schedule: "0 0 * * * *"
              method: full
              storageTarget: local
              retention: {minimumAge: {manual: P90D, emergency: PT12H}}
              blackoutWindows:
                - {name: weekend, days: [SAT, SUN, FRI], from: "23:00", to: "01:00", zone: Europe/Berlin}
            drillChecks:
              - {type: rowCount, name: all tickets, file: tickets.csv, expected: 200}
              - {type: fileChecksum, name: tickets intact, path: tickets.csv}
            drillPolicy:
              checks: [all tickets]
              negativeControl: P90D
            """;

    /** The same entry with every mapping's keys in another order and the days written otherwise. */
    private static final String TICKET_DB_REORDERED = """
            name: Ticket database
            id: ticket-db
            ownerGroup: operators
            tier: 1
            mtd: P1D
            rpo: PT4H
            rto: PT4H
            drillPolicy:
              negativeControl: P90D
              checks: [all tickets]
            drillChecks:
              - {name: all tickets, expected: 200, type: rowCount, file: tickets.csv}
              - {path: tickets.csv, type: fileChecksum, name: tickets intact}
            backupPolicy:
              blackoutWindows:
                - {days: [friday, Sunday, saturday], zone: Europe/Berlin, to: "01:00", from: "23:00", name: weekend}
              retention: {minimumAge: {emergency: PT12H, manual: P90D}}
              storageTarget: local
              method: full
              schedule: "0 0 * * * *"
            dataSources:
              - settings: {compression: zstd, path: data/tickets}
                agent: files
                name: tickets
            alertMatchers:
              - labels: {env: prod, job: ticketdb}
            """;

    @TempDir
    Path runbooksDir;

    @Test
    void theSameEntryHasTheSameFingerprintInEveryJvm() {
        // taken in another JVM, in which the blackout window's days (a set) iterated in another order; a new field of
        // ServiceDefinition changes it, and with it every service's fingerprint, so that every service needs a new drill
        assertThat(fingerprint(TICKET_DB)).isEqualTo("64679846dbad948f70228d04b44549c2495b706846c2a92292eb0f531301fd9c");
    }

    @Test
    void theOrderOfKeysInTheFileDoesNotMatter() {
        assertThat(fingerprint(TICKET_DB_REORDERED)).isEqualTo(fingerprint(TICKET_DB));
    }

    @Test
    void whereTheEntryWasReadFromDoesNotMatter() {
        ServiceDefinition service = load(TICKET_DB);
        ServiceDefinition moved = new ServiceDefinition(service.id(), service.name(), service.tier(), service.ownerGroup(),
                service.rto(), service.rpo(), service.mtd(), service.dependsOn(), service.dataSources(),
                service.backupPolicy(), service.hooks(), service.drillChecks(), service.drillPolicy(),
                service.alertMatchers(), service.serviceNow(), "services/elsewhere/ticket-db.yaml");

        assertThat(moved.drillFingerprint()).isEqualTo(service.drillFingerprint());
    }

    @Test
    void whereItsTicketsGoDoesNotMatter() {
        assertThat(fingerprint(TICKET_DB + "serviceNow: {ci: ticket-db, assignmentGroup: DBA}\n"))
                .isEqualTo(fingerprint(TICKET_DB));
    }

    /** What a drill proves, and also what it does not obviously prove (name, alert matchers): any change asks for a drill. */
    @Test
    void everyChangeOfTheEntryChangesTheFingerprint() {
        List<String> changed = List.of(
                TICKET_DB.replace("path: data/tickets", "path: data/tickets-2"),
                TICKET_DB.replace("compression: zstd", "compression: gzip"),
                TICKET_DB.replace("name: tickets\n", "name: ticket-files\n"),
                TICKET_DB.replace("expected: 200", "expected: 201"),
                TICKET_DB.replace("checks: [all tickets]", "checks: [all tickets, tickets intact]"),
                TICKET_DB.replace("negativeControl: P90D", "negativeControl: P30D"),
                TICKET_DB.replace("rpo: PT4H", "rpo: PT2H"),
                TICKET_DB.replace("days: [SAT, SUN, FRI]", "days: [SAT, SUN]"),
                TICKET_DB.replace("name: Ticket database", "name: Tickets"),
                TICKET_DB.replace("job: ticketdb", "job: tickets"));

        List<String> fingerprints = new ArrayList<>(List.of(fingerprint(TICKET_DB)));
        for (String entry : changed) {
            fingerprints.add(fingerprint(entry));
        }
        assertThat(fingerprints).doesNotHaveDuplicates();
    }

    private String fingerprint(String entry) {
        return load(entry).drillFingerprint();
    }

    private ServiceDefinition load(String entry) {
        return new CatalogFixture(runbooksDir).service("ticket-db", entry).load().require("ticket-db");
    }
}
