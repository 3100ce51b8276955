package io.lifeboat.catalog;

import static io.lifeboat.catalog.CatalogFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.backup.agent.PgBackRestAgent;
import io.lifeboat.backup.agent.PgDumpAgent;
import io.lifeboat.backup.agent.ResticAgent;
import io.lifeboat.storage.FreeSpaceProbe;

/** One test per kind of catalog error: each asserts the file, the field path and the reason. */
class CatalogValidationTest {

    @TempDir
    Path runbooksDir;

    CatalogFixture catalog;

    @BeforeEach
    void setUp() {
        catalog = new CatalogFixture(runbooksDir);
    }

    @Test
    void unknownFieldIsNamedWithTheFieldsThatAreKnown() {
        catalog.service("a", service("a") + "tierr: 2\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: tierr: unknown field; expected one of id, name,"
                + " tier, ownerGroup, rto, rpo, mtd, dependsOn, dataSources, backupPolicy, hooks, drillChecks, drillPolicy,"
                + " alertMatchers, serviceNow");
    }

    @Test
    void unknownFieldInANestedMappingIsNamedWithItsPath() {
        catalog.service("a", service("a").replace("  method: full", "  methd: full"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: backupPolicy.methd: unknown field; expected one of schedule, method, retention,"
                        + " storageTarget, incidentStorageTarget, blackoutWindows",
                "services/a.yaml: backupPolicy.method: required field is missing");
    }

    @Test
    void missingRequiredField() {
        catalog.service("a", service("a").replace("ownerGroup: operators\n", ""));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: ownerGroup: required field is missing");
    }

    @Test
    void badId() {
        catalog.service("Ticket_DB", service("Ticket_DB"));

        assertThat(catalog.errors()).containsExactly(
                "services/Ticket_DB.yaml: id: 'Ticket_DB' is not a valid id (lower-case letters, digits and '-' only)");
    }

    @Test
    void idMustEqualTheFileName() {
        catalog.service("tickets", service("ticket-db"));

        assertThat(catalog.errors()).containsExactly(
                "services/tickets.yaml: id: 'ticket-db' must equal the file's base name 'tickets'");
    }

    @Test
    void duplicateIdNamesTheFileThatHadItFirst() {
        catalog.service("a", service("a")).service("b", service("a"));

        assertThat(catalog.errors()).containsExactly(
                "services/b.yaml: id: 'a' must equal the file's base name 'b'",
                "services/b.yaml: id: 'a' is also the id of services/a.yaml");
    }

    @Test
    void unknownDependency() {
        catalog.service("a", service("a") + "dependsOn: [identity, identiy]\n")
                .service("identity", service("identity"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: dependsOn[1]: no service 'identiy' in the catalog");
    }

    @Test
    void dependencyCycleIsNamed() {
        catalog.service("ticket-db", service("ticket-db") + "dependsOn: [chat-log]\n")
                .service("chat-log", service("chat-log") + "dependsOn: [ticket-db]\n")
                .service("identity", service("identity") + "dependsOn: [identity]\n");

        assertThat(catalog.errors()).containsExactlyInAnyOrder(
                "services/chat-log.yaml: dependsOn: dependency cycle: chat-log -> ticket-db -> chat-log",
                "services/identity.yaml: dependsOn: dependency cycle: identity -> identity");
    }

    @Test
    void alertMatcherWithoutLabelsOrWithAListAsALabelValue() {
        catalog.service("a", service("a") + """
                alertMatchers:
                  - labels: {}
                  - labels: {job: [a, b], env: prod}
                  - lables: {job: a}
                """);

        assertThat(catalog.errors()).containsExactlyInAnyOrder(
                "services/a.yaml: alertMatchers[0].labels: must name at least one label, e.g. {job: ticketdb}",
                "services/a.yaml: alertMatchers[1].labels.job: must be a single value, not a list",
                "services/a.yaml: alertMatchers[2].lables: unknown field; expected one of labels",
                "services/a.yaml: alertMatchers[2].labels: required field is missing");
    }

    @Test
    void badDuration() {
        catalog.service("a", service("a").replace("rto: PT4H", "rto: 4h"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: rto: '4h' is not an ISO-8601 duration (e.g. PT30M, PT4H, P1D)");
    }

    @Test
    void rpoShorterThanTheSchedulesInterval() {
        catalog.service("a", service("a").replace("rpo: PT4H", "rpo: PT1H")
                .replace("\"0 0 * * * *\"", "\"0 0 */6 * * *\""));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: rpo: rpo PT1H is shorter than the schedule's"
                + " interval PT6H: a backup every PT6H can lose up to PT6H of data");
    }

    @Test
    void rtoLongerThanMtd() {
        catalog.service("a", service("a").replace("rto: PT4H", "rto: P2D"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: rto: rto PT48H is longer than mtd PT24H:"
                + " recovery would outlast the maximum tolerable downtime");
    }

    @Test
    void badCron() {
        catalog.service("a", service("a").replace("\"0 0 * * * *\"", "\"0 * * * *\""));

        assertThat(catalog.errors()).singleElement().asString().startsWith(
                "services/a.yaml: backupPolicy.schedule: '0 * * * *' is not a Spring cron expression"
                        + " (6 fields: second minute hour day-of-month month day-of-week): ");
    }

    @Test
    void cronThatNeverFires() {
        catalog.service("a", service("a").replace("\"0 0 * * * *\"", "\"0 0 0 30 2 *\""));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: backupPolicy.schedule: '0 0 0 30 2 *' never fires");
    }

    @Test
    void unknownAgentListsTheKnownOnes() {
        catalog.service("a", service("a").replace("agent: files", "agent: tar"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: dataSources[0].agent: unknown agent 'tar'; known agents: files, restic");
    }

    @Test
    void settingsErrorsOfTheAgentAreReported() {
        catalog.service("a", service("a").replace("path: data/a", "path: data/a\n      compression: lz4"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: dataSources[0].settings: compression: 'lz4' is not gzip or zstd");
    }

    @Test
    void secretSettingMustBeAReference() {
        catalog.service("a", onRestic(service("a")).replace("      path: data/a",
                "      paths: [data/a]\n      passwordRef: hunter2"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: dataSources[0].settings.passwordRef: a secret"
                + " must be given as a reference (${env:NAME} or ${file:path}), not as the value");
    }

    /** The real restic agent's checks, as the catalog shows them at start-up. */
    @Test
    void s3SettingsOfResticAreReportedOneByOne() {
        catalog.service("a", onRestic(service("a")).replace("      path: data/a",
                "      paths: [data/a]\n      passwordRef: \"${file:secrets/a.pw}\"\n"
                        + "      repository: \"s3:http://127.0.0.1:9000/backups/a\"\n"
                        + "      s3SecretKeyRef: \"${file:secrets/a-s3.key}\"\n      s3BucketLookup: virtual"));

        assertThat(catalog.errors(List.of(FakeAgents.files(), new ResticAgent("/usr/bin/restic")))).containsExactly(
                "services/a.yaml: dataSources[0].settings: s3AccessKeyRef is required",
                "services/a.yaml: dataSources[0].settings: s3Region is required",
                "services/a.yaml: dataSources[0].settings: s3BucketLookup must be one of path, dns, auto");
    }

    /** A restic repository in the staging directory would keep an S3-backed service's backups on the host. */
    @Test
    void resticOnAnS3TargetNeedsARepositoryInObjectStorage() {
        catalog.service("a", resticService("a", "").replace("storageTarget: local", "storageTarget: offsite"));
        catalog.service("b", resticService("b", "") + "  incidentStorageTarget: offsite\n");
        catalog.service("c", resticService("c", "\n      repository: \"s3:http://127.0.0.1:9000/backups/c\""
                + "\n      s3Region: eu-central-1\n      s3AccessKeyRef: \"${file:secrets/c.id}\""
                + "\n      s3SecretKeyRef: \"${file:secrets/c.key}\"").replace("storageTarget: local", "storageTarget: offsite"));

        String unfit = "dataSources[0].settings: storage target offsite is an S3 bucket, but restic keeps its repository in"
                + " the staging directory, which is never uploaded: give repository: s3:<endpoint>/<bucket>/<path> with"
                + " s3AccessKeyRef, s3SecretKeyRef and s3Region";
        assertThat(catalog.errors(List.of(FakeAgents.files(), new ResticAgent("/usr/bin/restic"))))
                .containsExactly("services/a.yaml: " + unfit, "services/b.yaml: " + unfit);
    }

    /**
     * The real agents say which methods they make: files and pg_dump full backups only, restic incremental ones only,
     * pgBackRest all three. A policy asking for another is refused, naming the service, the data source and the agent.
     */
    @Test
    void aPolicyMethodThatADataSourcesAgentDoesNotMakeIsRefused() {
        catalog.service("tickets", service("tickets").replace("method: full", "method: incremental"));
        catalog.service("wiki", resticService("wiki", "").replace("method: incremental", "method: full"));
        catalog.service("crm", service("crm").replace("method: full", "method: differential").replace("""
                  - name: data
                    agent: files
                    settings:
                      path: data/crm
                """, """
                  - name: attachments
                    agent: files
                    settings:
                      path: data/crm
                  - name: accounts
                    agent: pgdump
                    settings: {host: db1, database: crm, user: backup}
                  - name: cluster
                    agent: pgbackrest
                    settings: {stanza: crm}
                """));
        catalog.service("ledger", service("ledger").replace("method: full", "method: incremental").replace("""
                    agent: files
                    settings:
                      path: data/ledger
                """, """
                    agent: pgbackrest
                    settings: {stanza: ledger}
                """));

        assertThat(catalog.errors(List.of(new FilesAgent(), new ResticAgent("/usr/bin/restic"), new PgDumpAgent("/usr/bin"),
                new PgBackRestAgent("/usr/bin/pgbackrest", "", "/usr/lib/postgresql/{version}/bin",
                new FreeSpaceProbe.FileStoreProbe())))).containsExactly(
                "services/crm.yaml: backupPolicy.method: 'differential' is not honoured by agent 'files' of data source"
                        + " 'attachments' of service 'crm', which makes full backups only",
                "services/crm.yaml: backupPolicy.method: 'differential' is not honoured by agent 'pgdump' of data source"
                        + " 'accounts' of service 'crm', which makes full backups only",
                "services/tickets.yaml: backupPolicy.method: 'incremental' is not honoured by agent 'files' of data source"
                        + " 'data' of service 'tickets', which makes full backups only",
                "services/wiki.yaml: backupPolicy.method: 'full' is not honoured by agent 'restic' of data source 'data'"
                        + " of service 'wiki', which makes incremental backups only");
    }

    private static String resticService(String id, String moreSettings) {
        return onRestic(service(id)).replace("      path: data/" + id,
                "      paths: [data/" + id + "]\n      passwordRef: \"${file:secrets/" + id + ".pw}\"" + moreSettings);
    }

    /** The service's data source backed up by restic, which makes incremental backups only. */
    private static String onRestic(String service) {
        return service.replace("agent: files", "agent: restic").replace("method: full", "method: incremental");
    }

    @Test
    void unknownStorageTarget() {
        catalog.service("a", service("a").replace("storageTarget: local", "storageTarget: nas"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: backupPolicy.storageTarget: unknown storage target 'nas'; known targets: local, offsite");
    }

    @Test
    void unknownIncidentStorageTarget() {
        catalog.service("a", service("a") + "  incidentStorageTarget: vault\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: backupPolicy.incidentStorageTarget: unknown storage target 'vault'; known targets: local, offsite");
    }

    @Test
    void malformedBlackoutWindows() {
        catalog.service("chat-log", service("chat-log") + """
                  blackoutWindows:
                    - name: bad-time
                      days: [SATURDAY]
                      from: "25:00"
                      to: "23:30"
                    - name: bad-day-and-zone
                      days: [sat, FUNDAY]
                      from: "23:00"
                      to: "23:30"
                      zone: Mars/Olympus
                    - name: empty
                      days: [SUN]
                      from: "23:00"
                      to: "23:00"
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/chat-log.yaml: backupPolicy.blackoutWindows[0].from: '25:00' is not a time (HH:mm)",
                "services/chat-log.yaml: backupPolicy.blackoutWindows[1].days[1]: 'FUNDAY' is not a day"
                        + " (MONDAY..SUNDAY or MON..SUN)",
                "services/chat-log.yaml: backupPolicy.blackoutWindows[1].zone: 'Mars/Olympus' is not a time zone"
                        + " (e.g. UTC, Europe/Berlin)",
                "services/chat-log.yaml: backupPolicy.blackoutWindows[2].to: from and to are both '23:00':"
                        + " the window would be empty");
    }

    @Test
    void unknownMethod() {
        catalog.service("a", service("a").replace("method: full", "method: snapshot"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: backupPolicy.method: unknown method 'snapshot'; expected full, incremental or differential");
    }

    @Test
    void negativeRetentionCount() {
        catalog.service("a", service("a") + "  retention: {daily: -1}\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: backupPolicy.retention.daily: must be 0 or more, not -1");
    }

    @Test
    void keepLastKeepsAtLeastTheNewestBackup() {
        catalog.service("a", service("a") + "  retention: {keepLast: 0}\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: backupPolicy.retention.keepLast: must be 1 or more, not 0");
    }

    @Test
    void minimumAgesAreDurationsOfPurposeTriggersOnly() {
        catalog.service("a", service("a") + "  retention:\n    minimumAge: {manual: 30 days, change: -P1D, schedule: P1D,"
                + " pre-restore: P0D}\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: backupPolicy.retention.minimumAge.schedule: unknown field; expected one of manual, change,"
                        + " pre-restore, emergency",
                "services/a.yaml: backupPolicy.retention.minimumAge.manual: '30 days' is not an ISO-8601 duration"
                        + " (e.g. P30D, PT12H, P0D for none)",
                "services/a.yaml: backupPolicy.retention.minimumAge.change: '-P1D' must not be negative");
    }

    @Test
    void unknownDrillCheckType() {
        catalog.service("a", service("a") + "drillChecks:\n  - name: x\n    type: md5\n    path: x.csv\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: drillChecks[0].type: unknown drill check type 'md5';"
                + " expected one of fileChecksum, sql, rowCount, references, foreignKeys, amcheck, search, script");
    }

    @Test
    void everyDrillCheckHasANameOfItsOwn() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - type: fileChecksum
                    path: x.csv
                  - name: " "
                    type: fileChecksum
                    path: y.csv
                  - name: x intact
                    type: fileChecksum
                    path: x.csv
                  - name: x intact
                    type: rowCount
                    file: x.csv
                    expected: 1
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[0].name: required field is missing",
                "services/a.yaml: drillChecks[1].name: must not be empty",
                "services/a.yaml: drillChecks[3].name: another drill check of this service is also named 'x intact'");
    }

    @Test
    void aServiceNowLinkNamesItsCiOrAssignmentGroupPlainly() {
        catalog.service("a", service("a") + "serviceNow: {ci: '  ', assignmentGroup: 'DBA^ORname=x', group: DBA}\n")
                .service("b", service("b") + "serviceNow: {}\n")
                .service("c", service("c") + "serviceNow: {ci: [a, b]}\n")
                .service("d", service("d") + "serviceNow: {ci: 0f1e2d3c4b5a69788796a5b4c3d2e1f0, assignmentGroup: DBA}\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: serviceNow.group: unknown field; expected one of ci, assignmentGroup",
                "services/a.yaml: serviceNow.ci: must not be blank: give a sys_id or a name",
                "services/a.yaml: serviceNow.assignmentGroup: 'DBA^ORname=x' is not a sys_id or name ServiceNow can look up"
                        + " (at most 100 characters, no '^')",
                "services/b.yaml: serviceNow: must name ci, assignmentGroup or both, e.g. {ci: ticket-db, assignmentGroup: DBA}",
                "services/c.yaml: serviceNow.ci: must be a single value, not a list");
    }

    @Test
    void aServiceNowLinkIsReadAsWritten() {
        ServiceDefinition service = catalog.service("a", service("a") + "serviceNow: {ci: Ticket DB, assignmentGroup: DBA}\n")
                .load().require("a");

        assertThat(service.serviceNow()).isEqualTo(new ServiceNowLink("Ticket DB", "DBA"));
        assertThat(catalog.service("b", service("b")).load().require("b").serviceNow()).isNull();
    }

    @Test
    void drillCheckSettingsAreThoseOfItsType() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - name: c0
                    type: fileChecksum
                    paht: x.csv
                  - name: c1
                    type: sql
                    query: select count(*) from tickets
                  - name: c2
                    type: rowCount
                    expected: -1
                  - name: c3
                    type: rowCount
                    file: x.csv
                    table: x
                    expected: two hundred
                  - name: c4
                    type: rowCount
                    file: x.csv
                  - name: c5
                    type: rowCount
                    table: tickets
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[0].paht: unknown field; expected one of type, name, dataSource, path",
                "services/a.yaml: drillChecks[0].path: required field is missing",
                "services/a.yaml: drillChecks[1].expected: required field is missing",
                "services/a.yaml: drillChecks[2].file: give either file (data lines of a restored file) or table (rows of a"
                        + " restored table), not neither",
                "services/a.yaml: drillChecks[2].expected: must be 0 or more, not -1",
                "services/a.yaml: drillChecks[3].file: give either file (data lines of a restored file) or table (rows of a"
                        + " restored table), not both",
                "services/a.yaml: drillChecks[3].expected: 'two hundred' is not a whole number",
                "services/a.yaml: drillChecks[4].expected: required for a file: backups record no line counts of files,"
                        + " only of tables (pgdump)");
    }

    @Test
    void drillCheckTableAndColumnNamesAreNamesNotSql() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - name: c0
                    type: references
                    table: "tickets; drop table tickets"
                    column: customer_id
                    references: customers
                  - name: c1
                    type: references
                    table: public.tickets
                    column: 'customer_id" or 1=1 --'
                    references: public.customers.id
                  - name: c2
                    type: rowCount
                    table: a.b.c
                    expected: 1
                  - name: c3
                    type: foreignKeys
                    schema: public.x
                  - name: c4
                    type: search
                    term: vpn
                    table: articles
                    columns: [title, "body || 'x'"]
                """);

        String form = ", each part letters, digits and _, starting with a letter or _, at most 63 long";
        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[0].table: 'tickets; drop table tickets' is not a name of the form table or"
                        + " schema.table" + form,
                "services/a.yaml: drillChecks[0].references: 'customers' must name the referenced table and its column,"
                        + " e.g. cmdb_ci.sys_id",
                "services/a.yaml: drillChecks[1].column: 'customer_id\" or 1=1 --' is not a name of the form column" + form,
                "services/a.yaml: drillChecks[2].table: 'a.b.c' is not a name of the form table or schema.table" + form,
                "services/a.yaml: drillChecks[3].schema: 'public.x' is not a name of the form schema" + form,
                "services/a.yaml: drillChecks[4].columns[1]: 'body || 'x'' is not a name of the form column" + form);
    }

    @Test
    void aReferencesCheckIsBetweenTablesOrBetweenJsonFiles() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - name: tables
                    type: references
                    table: cmdb_rel_ci
                    column: parent
                    references: cmdb_ci.sys_id
                    key: sys_id
                  - name: files
                    type: references
                    file: cmdb_rel_ci.jsonl
                    field: parent.value
                    references: cmdb_ci.json:sys_id
                    key: sys_id
                  - name: no column
                    type: references
                    table: cmdb_rel_ci
                    references: cmdb_ci.sys_id
                  - name: both
                    type: references
                    table: cmdb_rel_ci
                    file: cmdb_rel_ci.jsonl
                    references: cmdb_ci.sys_id
                  - name: neither
                    type: references
                    column: parent
                  - name: file without its file
                    type: references
                    file: cmdb_rel_ci.jsonl
                    column: parent
                    references: cmdb_ci.json
                  - name: table with a field
                    type: references
                    table: cmdb_rel_ci
                    column: parent
                    field: parent
                    references: cmdb_ci.sys_id
                  - name: a relation's both ends
                    type: references
                    file: cmdb_rel_ci.jsonl
                    fields: [parent, child]
                    references: cmdb_ci.jsonl:sys_id
                  - name: field and fields
                    type: references
                    file: cmdb_rel_ci.jsonl
                    field: parent
                    fields: [parent, ""]
                    references: cmdb_ci.jsonl:sys_id
                  - name: no fields
                    type: references
                    file: cmdb_rel_ci.jsonl
                    fields: []
                    references: cmdb_ci.jsonl:sys_id
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[2].column: required field is missing",
                "services/a.yaml: drillChecks[3].table: give either table (a reference between tables) or file (a reference"
                        + " between JSON files), not both",
                "services/a.yaml: drillChecks[4].table: give either table (a reference between tables) or file (a reference"
                        + " between JSON files), not neither",
                "services/a.yaml: drillChecks[4].references: required field is missing",
                "services/a.yaml: drillChecks[5].field: required field is missing",
                "services/a.yaml: drillChecks[5].column: is for tables; a JSON file's reference is a field",
                "services/a.yaml: drillChecks[5].references: 'cmdb_ci.json' must name the referenced file and its field as"
                        + " file:field, e.g. cmdb_ci.json:sys_id",
                "services/a.yaml: drillChecks[6].field: is for JSON files; a table's reference is a column",
                "services/a.yaml: drillChecks[8].field: give either field (the reference) or fields (a list of them), not"
                        + " both",
                "services/a.yaml: drillChecks[9].fields: must not be empty");
    }

    @Test
    void foreignKeysAndAmcheckTakeTheirFewSettings() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - name: every key
                    type: foreignKeys
                  - name: every index
                    type: amcheck
                    heapallindexed: true
                  - name: keys of a table
                    type: foreignKeys
                    table: tickets
                  - name: every index, thoroughly
                    type: amcheck
                    heapallindexed: yes please
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[2].table: unknown field; expected one of type, name, dataSource, schema",
                "services/a.yaml: drillChecks[3].heapallindexed: 'yes please' is not true or false");
    }

    @Test
    void aSearchIsInFilesOrByFullTextSearchInATable() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - name: files
                    type: search
                    term: VPN
                    path: howto/**.md
                    minMatches: 2
                  - name: full text
                    type: search
                    term: password reset
                    table: kb_knowledge
                    columns: [short_description, text]
                    language: english
                  - name: no term
                    type: search
                    path: howto
                  - name: nowhere
                    type: search
                    term: VPN
                    minMatches: 0
                  - name: files with a language
                    type: search
                    term: VPN
                    path: howto
                    language: english
                  - name: a table without its text
                    type: search
                    term: VPN
                    table: kb_knowledge
                  - name: column and columns
                    type: search
                    term: VPN
                    table: kb_knowledge
                    column: text
                    columns: [text]
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[2].term: required field is missing",
                "services/a.yaml: drillChecks[3].minMatches: must be 1 or more, not 0",
                "services/a.yaml: drillChecks[3].path: give either path (in restored files) or table (by full-text search in"
                        + " a restored table), not neither",
                "services/a.yaml: drillChecks[4].language: is for a full-text search in a table; files are searched as text",
                "services/a.yaml: drillChecks[5].column: give either column or columns (the text searched), not neither",
                "services/a.yaml: drillChecks[6].column: give either column or columns (the text searched), not both");
    }

    @Test
    void aScriptCheckNamesAGroovyFileOfTheRunbooksDirectory() {
        catalog.write("hooks/a-open-ticket.groovy", "return true").service("a", service("a") + """
                drillChecks:
                  - name: open a ticket
                    type: script
                    script: hooks/a-open-ticket.groovy
                  - name: missing
                    type: script
                    script: hooks/a-missing.groovy
                  - name: elsewhere
                    type: script
                    script: ../elsewhere.groovy
                  - name: no script
                    type: script
                  - name: on one data source
                    type: script
                    script: hooks/a-open-ticket.groovy
                    dataSource: data
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[1].script: file 'hooks/a-missing.groovy' does not exist in " + runbooksDir,
                "services/a.yaml: drillChecks[2].script: '../elsewhere.groovy' is outside the runbooks directory",
                "services/a.yaml: drillChecks[3].script: required field is missing",
                "services/a.yaml: drillChecks[4].dataSource: unknown field; expected one of type, name, script");
    }

    @Test
    void drillCheckDataSourceIsOneOfTheService() {
        catalog.service("a", service("a")
                + "drillChecks:\n  - name: x\n    type: fileChecksum\n    path: x.csv\n    dataSource: tickets\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillChecks[0].dataSource: 'tickets' is not a data source of this service; its data"
                        + " sources: data");
    }

    @Test
    void drillPolicyScheduleIsACronAsBackupSchedulesAre() {
        catalog.service("a", service("a") + "drillPolicy:\n  schedule: \"0 0 3 1 * MON-FRI *\"\n")
                .service("b", service("b") + "drillPolicy:\n  schedule: \"0 0 3 30 2 *\"\n");

        assertThat(catalog.errors()).satisfiesExactly(
                error -> assertThat(error).startsWith("services/a.yaml: drillPolicy.schedule: '0 0 3 1 * MON-FRI *' is not"
                        + " a Spring cron expression (6 fields: second minute hour day-of-month month day-of-week): "),
                error -> assertThat(error).isEqualTo("services/b.yaml: drillPolicy.schedule: '0 0 3 30 2 *' never fires"));
    }

    @Test
    void drillPolicyFieldsAreChecked() {
        catalog.service("a", service("a") + """
                drillChecks:
                  - {type: fileChecksum, name: tickets intact, path: tickets.csv}
                  - {type: rowCount, name: all tickets, file: tickets.csv, expected: 200}
                drillPolicy:
                  checks: [all tickets, every ticket, all tickets]
                  recoveryPoint: oldest
                  negativeControl: quarterly
                  restoreInto: sandbox
                """);

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillPolicy.restoreInto: unknown field; expected one of schedule, checks, recoveryPoint,"
                        + " negativeControl",
                "services/a.yaml: drillPolicy.checks[1]: 'every ticket' is not a drill check of this service; its drill"
                        + " checks: all tickets, tickets intact",
                "services/a.yaml: drillPolicy.checks[2]: 'all tickets' is listed twice",
                "services/a.yaml: drillPolicy.recoveryPoint: unknown recovery point 'oldest'; expected latest or random",
                "services/a.yaml: drillPolicy.negativeControl: 'quarterly' is not an ISO-8601 duration (e.g. PT30M, PT4H,"
                        + " P1D)");
    }

    @Test
    void drillPolicyWithAnEmptyListOfChecks() {
        catalog.service("a", service("a") + "drillChecks: [{type: fileChecksum, name: intact, path: x.csv}]\n"
                + "drillPolicy: {checks: []}\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: drillPolicy.checks: must name at least one drill check; leave it out to run them all");
    }

    /** Only scheduled drills are made negative controls by the policy; tier 3 and beyond have none by default. */
    @Test
    void negativeControlNeedsScheduledDrills() {
        catalog.service("a", service("a").replace("tier: 1", "tier: 3") + "drillPolicy: {negativeControl: P90D}\n")
                .service("b", service("b").replace("tier: 1", "tier: 3")
                        + "drillPolicy: {schedule: \"0 0 3 1 * *\", negativeControl: P90D}\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: drillPolicy.negativeControl: needs a schedule: a"
                + " tier 3 service has no scheduled drills unless its drillPolicy gives a schedule (a drill asked for is a"
                + " negative control when asked)");
    }

    @Test
    void missingHookFile() {
        catalog.write("hooks/a-health.groovy", "return true")
                .service("a", service("a") + "hooks:\n  healthCheck: hooks/a-health.groovy\n  quiesce: hooks/a-quiesce.groovy\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: hooks.quiesce: file 'hooks/a-quiesce.groovy' does not exist in " + runbooksDir);
    }

    @Test
    void hookOutsideTheRunbooksDirectory() {
        catalog.service("a", service("a") + "hooks:\n  thaw: ../elsewhere.groovy\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: hooks.thaw: '../elsewhere.groovy' is outside the runbooks directory");
    }

    @Test
    void tierBelowOne() {
        catalog.service("a", service("a").replace("tier: 1", "tier: 0"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: tier: must be 1 or more (1 = most critical), not 0");
    }

    @Test
    void tierThatIsNotANumber() {
        catalog.service("a", service("a").replace("tier: 1", "tier: one"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: tier: 'one' is not a whole number");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        catalog.service("a", service("a").replace("ownerGroup: operators", "ownerGroup: operators: all"));

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: line 4, column 22: mapping values are not allowed here");
    }

    @Test
    void duplicateKeyNamesTheLine() {
        catalog.service("a", service("a") + "tier: 2\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: line 17, column 5: Duplicate field 'tier'");
    }

    @Test
    void emptyFile() {
        catalog.service("a", "# nothing yet\n");

        assertThat(catalog.errors()).containsExactly("services/a.yaml: the file is empty");
    }

    @Test
    void emptyListOfDataSources() {
        catalog.service("a", service("a").replaceAll("(?s)dataSources:.*?backupPolicy:", "dataSources: []\nbackupPolicy:"));

        assertThat(catalog.errors()).containsExactly("services/a.yaml: dataSources: must not be empty");
    }

    @Test
    void ymlFileIsNotSilentlySkipped() {
        catalog.write("services/a.yml", service("a"));

        assertThat(catalog.errors()).containsExactly("services/a.yml: catalog files end in .yaml; rename it to a.yaml");
    }

    @Test
    void missingServicesDirectory() {
        assertThat(catalog.errors()).containsExactly("services/: no such directory in " + runbooksDir);
    }

    @Test
    void errorsOfAllFilesAreReportedTogether() {
        catalog.service("a", service("a").replace("tier: 1", "tier: 0").replace("method: full", "method: copy"))
                .service("b", service("b").replace("rpo: PT4H", "rpo: soon"))
                .service("c", "id: [broken\n");

        assertThat(catalog.errors()).containsExactly(
                "services/a.yaml: tier: must be 1 or more (1 = most critical), not 0",
                "services/a.yaml: backupPolicy.method: unknown method 'copy'; expected full, incremental or differential",
                "services/b.yaml: rpo: 'soon' is not an ISO-8601 duration (e.g. PT30M, PT4H, P1D)",
                "services/c.yaml: line 2, column 1: expected ',' or ']', but got <stream end>");
    }

    @Test
    void dependencyOnAFileThatFailedToParseIsNotAlsoReportedAsUnknown() {
        catalog.service("a", service("a") + "dependsOn: [b]\n").service("b", "id: [broken\n");

        assertThat(catalog.errors()).containsExactly("services/b.yaml: line 2, column 1: expected ',' or ']', but got <stream end>");
    }
}
