package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/** The catalog shipped in runbooks/, which the quick start backs up. */
class DemoCatalogTest {

    static final Path RUNBOOKS = Path.of("runbooks");

    static Catalog catalog;

    @BeforeAll
    static void load() {
        catalog = new CatalogLoader(FakeAgents.filesAndRestic(), CatalogFixture.STORAGE).load(RUNBOOKS);
    }

    @Test
    void loadsCleanlyWithTheExpectedServices() {
        assertThat(catalog.services()).extracting(ServiceDefinition::id, ServiceDefinition::tier)
                .containsExactly(tuple("chat-log", 3), tuple("identity", 1), tuple("knowledge-base", 2), tuple("ticket-db", 1));
        assertThat(catalog.usedBy("identity")).containsExactly("chat-log", "knowledge-base", "ticket-db");
        assertThat(catalog.usedBy("ticket-db")).containsExactly("chat-log");
    }

    @Test
    void everyDataSourcePathExists() {
        for (ServiceDefinition service : catalog.services()) {
            for (DataSource source : service.dataSources()) {
                List<?> paths = source.settings().containsKey("paths")
                        ? (List<?>) source.settings().get("paths") : List.of(source.settings().get("path"));
                assertThat(paths).allSatisfy(path -> assertThat(RUNBOOKS.resolve(path.toString())).isDirectory());
            }
        }
    }

    @Test
    void schedulesRunBetweenEveryHalfHourAndEverySixHours() {
        assertThat(catalog.services()).allSatisfy(service -> assertThat(service.backupPolicy().schedule().longestInterval())
                .isBetween(Duration.ofMinutes(30), Duration.ofHours(6)));
    }

    @Test
    void blackoutWindowsAreOnlySaturdayNights() {
        assertThat(catalog.services()).flatExtracting(service -> service.backupPolicy().blackoutWindows())
                .isNotEmpty()
                .allSatisfy(window -> {
                    assertThat(window.days()).containsOnly(DayOfWeek.SATURDAY);
                    assertThat(window.from().getHour()).isGreaterThanOrEqualTo(22);
                });
    }

    @Test
    void healthChecksReportHealthyAndQuiesceAndThawRun() {
        for (ServiceDefinition service : catalog.services()) {
            Hooks hooks = service.hooks();
            if (hooks.healthCheck() != null) {
                assertThat(runHook(service, hooks.healthCheck())).as(hooks.healthCheck()).isEqualTo(true);
            }
            for (String hook : Stream.of(hooks.quiesce(), hooks.thaw()).filter(Objects::nonNull).toList()) {
                runHook(service, hook);
            }
        }
        assertThat(catalog.require("ticket-db").hooks().quiesce()).isNotNull();
    }

    @Test
    void demoDataStaysSmall() throws IOException {
        try (Stream<Path> files = Files.walk(RUNBOOKS)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            assertThat(bytes).isLessThan(1_000_000);
        }
    }

    @Test
    void everyDemoServiceUsesTheBuiltInAgentSoTheQuickStartNeedsNothingInstalled() {
        assertThat(catalog.services()).flatExtracting(ServiceDefinition::dataSources)
                .extracting(DataSource::agent).containsOnly("files");
    }

    @Test
    void theResticExampleIsAValidTicketDbService(@TempDir Path runbooks) throws IOException {
        FileSystemUtils.copyRecursively(RUNBOOKS, runbooks);
        Files.copy(runbooks.resolve("examples/ticket-db-restic.yaml"), runbooks.resolve("services/ticket-db.yaml"),
                StandardCopyOption.REPLACE_EXISTING);

        Catalog withRestic = new CatalogLoader(FakeAgents.filesAndRestic(), CatalogFixture.STORAGE).load(runbooks);

        assertThat(withRestic.require("ticket-db").dataSources()).extracting(DataSource::agent).containsExactly("restic");
    }

    @Test
    void resticPasswordFileIsThere() {
        assertThat(RUNBOOKS.resolve("secrets/ticket-db-restic.password")).isNotEmptyFile();
        assertThat(RUNBOOKS.resolve("secrets/README.md")).content().containsIgnoringCase("demo");
    }

    /** The hook contract: bindings service, runbooksDir and log. */
    private static Object runHook(ServiceDefinition service, String hook) {
        try {
            return GroovyScripts.evaluate(catalog.runbooksDir().resolve(hook), Map.of("service", service,
                    "runbooksDir", catalog.runbooksDir(), "log", LoggerFactory.getLogger("hook." + service.id())));
        } catch (Exception e) {
            throw new AssertionError(hook, e);
        }
    }
}
