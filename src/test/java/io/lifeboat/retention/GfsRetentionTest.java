package io.lifeboat.retention;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.catalog.Retention;
import io.lifeboat.retention.GfsRetention.Decision;
import io.lifeboat.retention.GfsRetention.Incidents;
import io.lifeboat.retention.GfsRetention.Plan;
import io.lifeboat.retention.GfsRetention.Rule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GFS on three years of history: a scheduled backup every night at 02:00 and, on every fifth day of a month, a
 * manual one at 14:00. The expected keep set is worked out by walking the calendar back from today, not by grouping
 * the records the way the engine does.
 */
class GfsRetentionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private static final LocalDate FIRST_DAY = TODAY.minusYears(3);
    /** When the plans are made: minimum ages are measured against it. */
    private static final Instant NOW = TODAY.atTime(23, 0).toInstant(ZoneOffset.UTC);

    @Test
    void defaultRetentionKeepsExactlyTheNewestOfTheLast30Days26Weeks24Months() {
        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(), Incidents.NONE, NOW);

        Set<String> expected = new HashSet<>();
        for (int day = 0; day < 30; day++) {
            expected.add(newestOf(TODAY.minusDays(day)));
        }
        // the current week counts, up to today; every earlier week's newest backup is its Sunday's
        expected.add(newestOf(TODAY));
        LocalDate sunday = TODAY.with(TemporalAdjusters.previous(DayOfWeek.SUNDAY));
        for (int week = 1; week < 26; week++, sunday = sunday.minusWeeks(1)) {
            expected.add(newestOf(sunday));
        }
        LocalDate monthEnd = TODAY.withDayOfMonth(1).minusDays(1);
        for (int month = 1; month < 24; month++, monthEnd = monthEnd.withDayOfMonth(1).minusDays(1)) {
            expected.add(newestOf(monthEnd));
        }

        assertThat(ids(plan.kept())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ids(plan.expired())).doesNotContainAnyElementsOf(expected)
                .hasSize(succeeded(history()) - expected.size());
        assertThat(decisionOf(plan, newestOf(TODAY)).rules())
                .containsExactly(Rule.KEEP_LAST, Rule.NEWEST_VERIFIED, Rule.DAILY, Rule.WEEKLY, Rule.MONTHLY);
        assertThat(decisionOf(plan, newestOf(TODAY)).reasons()).isEqualTo("keep-last: one of the newest 3; newest-verified:"
                + " the newest verified backup; daily: newest of day 2026-11-22; weekly: newest of week 2026-W47; monthly:"
                + " newest of month 2026-11");
        assertThat(decisionOf(plan, newestOf(LocalDate.of(2024, 12, 31))).rules()).containsExactly(Rule.MONTHLY);
    }

    @Test
    void aSameDayRepeatSupersedesTheNightlyBackupOfThatDay() {
        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(), Incidents.NONE, NOW);

        LocalDate fifteenth = LocalDate.of(2026, 11, 15);
        assertThat(ids(plan.kept())).contains(id(fifteenth, 14)).doesNotContain(id(fifteenth, 2));
        assertThat(decisionOf(plan, id(fifteenth, 2))).satisfies(decision -> {
            assertThat(decision.rules()).containsExactly(Rule.GFS);
            assertThat(decision.reasons()).isEqualTo("GFS daily 30, weekly 26, monthly 24: not the newest kept backup of day"
                    + " 2026-11-15, week 2026-W46 or month 2026-11; not one of the newest 3");
        });
    }

    @Test
    void failedAndRunningBackupsAndDeletedOnesAreLeftAlone() {
        List<BackupRecord> backups = new ArrayList<>(history());
        backups.add(backup("bk-failed", LocalDate.of(2024, 1, 3).atTime(5, 0), BackupStatus.FAILED, null, null));
        backups.add(backup("bk-running", TODAY.atTime(20, 0), BackupStatus.RUNNING, null, null));
        backups.add(backup("bk-deleted", LocalDate.of(2024, 1, 3).atTime(6, 0), BackupStatus.SUCCEEDED, null,
                Instant.parse("2026-01-01T00:00:00Z")));

        Plan plan = GfsRetention.plan(backups, Retention.DEFAULT, Set.of(), Incidents.NONE, NOW);

        assertThat(plan.decisions()).extracting(decision -> decision.backup().id())
                .doesNotContain("bk-failed", "bk-running", "bk-deleted").hasSize(succeeded(history()));
        assertThat(ids(plan.kept())).contains(newestOf(TODAY));
    }

    @Test
    void aHeldBackupIsNeverExpired() {
        String held = id(LocalDate.of(2024, 2, 7), 2);

        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(held), Incidents.NONE, NOW);

        assertThat(decisionOf(plan, held).rules()).containsExactly(Rule.LEGAL_HOLD);
        assertThat(ids(plan.expired())).doesNotContain(held);
    }

    @Test
    void emergencyBackupsAreKeptWhileTheirIncidentIsOpen() {
        List<BackupRecord> backups = new ArrayList<>(history());
        backups.add(backup("bk-emergency-open", LocalDate.of(2025, 3, 3).atTime(9, 0), BackupStatus.SUCCEEDED, "INC-open", null));
        backups.add(backup("bk-emergency-closed", LocalDate.of(2025, 3, 4).atTime(9, 0), BackupStatus.SUCCEEDED, "INC-closed", null));

        Plan plan = GfsRetention.plan(backups, Retention.DEFAULT, Set.of(), new Incidents(Set.of("INC-open"), Map.of()), NOW);

        assertThat(decisionOf(plan, "bk-emergency-open").rules()).containsExactly(Rule.OPEN_INCIDENT);
        assertThat(decisionOf(plan, "bk-emergency-open").reasons()).isEqualTo("open-incident: incident INC-open is open");
        assertThat(decisionOf(plan, "bk-emergency-closed").rules()).containsExactly(Rule.GFS);
        assertThat(decisionOf(plan, "bk-emergency-closed").reasons()).endsWith("; not one of the newest 3; emergency backup"
                + " past its minimum age P30D since 2025-04-03T09:00:00Z");
    }

    @Test
    void withEveryGfsCountZeroOnlyTheNewestBackupIsKept() {
        Plan plan = GfsRetention.plan(history(), new Retention(0, 0, 0, 1, Map.of()), Set.of(), Incidents.NONE, NOW);

        assertThat(ids(plan.kept())).containsExactly(newestOf(TODAY));
        assertThat(plan.kept().get(0).rules()).containsExactly(Rule.KEEP_LAST, Rule.NEWEST_VERIFIED);
    }

    @Test
    void daysWithoutBackupsDoNotCount() {
        List<BackupRecord> sparse = List.of(
                backup("a", LocalDate.of(2026, 11, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null),
                backup("b", LocalDate.of(2026, 10, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null),
                backup("c", LocalDate.of(2026, 9, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null));

        Plan plan = GfsRetention.plan(sparse, new Retention(2, 0, 0, 1, Map.of()), Set.of(), Incidents.NONE, NOW);

        assertThat(ids(plan.kept())).containsExactly("a", "b");
        assertThat(ids(plan.expired())).containsExactly("c");
    }

    /**
     * The reproduction: a service backed up every 30 minutes (at :15 and :45) for a week, an incident from
     * 08:50 to 11:43 with its emergency backup at 09:20, and a manual backup "before the wiki upgrade" at 11:43; the
     * sweep runs at 12:00. GFS alone deleted both: neither is the newest backup of its day.
     */
    @Test
    void aRecentManualBackupAndARecentlyResolvedIncidentsEmergencyBackupSurviveTheSweep() {
        Instant noon = Instant.parse("2026-11-22T12:00:00Z");
        List<BackupRecord> backups = new ArrayList<>();
        for (Instant at = Instant.parse("2026-11-15T00:15:00Z"); at.isBefore(noon); at = at.plus(Duration.ofMinutes(30))) {
            backups.add(backup("bk-" + at, at, BackupTrigger.SCHEDULE, null, true));
        }
        backups.add(backup("bk-emergency", Instant.parse("2026-11-22T09:20:00Z"), BackupTrigger.EMERGENCY, "INC-7", true));
        backups.add(backup("bk-before-wiki-upgrade", Instant.parse("2026-11-22T11:43:00Z"), BackupTrigger.MANUAL, null, true));
        Incidents resolved = new Incidents(Set.of(), Map.of("INC-7", Instant.parse("2026-11-22T11:43:00Z")));

        Plan plan = GfsRetention.plan(backups, Retention.DEFAULT, Set.of(), resolved, noon);

        assertThat(decisionOf(plan, "bk-before-wiki-upgrade").rules()).containsExactly(Rule.KEEP_LAST, Rule.MINIMUM_AGE);
        assertThat(decisionOf(plan, "bk-before-wiki-upgrade").reasons()).contains("minimum-age: manual backup kept until"
                + " 2026-12-22T11:43:00Z (minimum age P30D)");
        assertThat(decisionOf(plan, "bk-emergency").rules()).containsExactly(Rule.MINIMUM_AGE);
        assertThat(decisionOf(plan, "bk-emergency").reasons()).isEqualTo("minimum-age: emergency backup of incident INC-7,"
                + " resolved 2026-11-22T11:43:00Z, kept until 2026-12-22T11:43:00Z (minimum age P30D)");
        assertThat(ids(plan.kept())).containsExactlyInAnyOrder("bk-2026-11-22T11:45:00Z", "bk-before-wiki-upgrade",
                "bk-2026-11-22T11:15:00Z", "bk-emergency", "bk-2026-11-21T23:45:00Z", "bk-2026-11-20T23:45:00Z",
                "bk-2026-11-19T23:45:00Z", "bk-2026-11-18T23:45:00Z", "bk-2026-11-17T23:45:00Z", "bk-2026-11-16T23:45:00Z",
                "bk-2026-11-15T23:45:00Z");
    }

    @Test
    void theNewestKeepLastBackupsAreKeptEvenOnOneDay() {
        List<BackupRecord> backups = new ArrayList<>();
        for (int hour = 1; hour <= 6; hour++) {
            backups.add(backup("bk-" + hour, TODAY.atTime(hour, 0).toInstant(ZoneOffset.UTC), BackupTrigger.SCHEDULE, null, true));
        }

        Plan plan = GfsRetention.plan(backups, new Retention(30, 26, 24, 4, Map.of()), Set.of(), Incidents.NONE, NOW);

        assertThat(ids(plan.kept())).containsExactly("bk-6", "bk-5", "bk-4", "bk-3");
        assertThat(decisionOf(plan, "bk-3").rules()).containsExactly(Rule.KEEP_LAST);
        assertThat(decisionOf(plan, "bk-3").reasons()).isEqualTo("keep-last: one of the newest 4");
        assertThat(ids(plan.expired())).containsExactly("bk-2", "bk-1");
    }

    @Test
    void theNewestVerifiedBackupIsKeptWhenItIsOlderThanEveryGfsPeriod() {
        List<BackupRecord> backups = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            Instant at = TODAY.minusDays(day).atTime(2, 0).toInstant(ZoneOffset.UTC);
            backups.add(backup("bk-unverified-" + day, at, BackupTrigger.SCHEDULE, null, false));
        }
        backups.add(backup("bk-verified-old", FIRST_DAY.atTime(2, 0).toInstant(ZoneOffset.UTC), BackupTrigger.SCHEDULE, null, true));
        backups.add(backup("bk-verified-older", FIRST_DAY.atTime(1, 0).toInstant(ZoneOffset.UTC), BackupTrigger.SCHEDULE, null, true));

        Plan plan = GfsRetention.plan(backups, new Retention(3, 1, 1, 1, Map.of()), Set.of(), Incidents.NONE, NOW);

        assertThat(decisionOf(plan, "bk-verified-old").rules()).containsExactly(Rule.NEWEST_VERIFIED);
        assertThat(decisionOf(plan, "bk-verified-older").rules()).containsExactly(Rule.GFS);
        assertThat(ids(plan.kept())).containsExactlyInAnyOrder("bk-unverified-0", "bk-unverified-1", "bk-unverified-2",
                "bk-verified-old");
    }

    @Test
    void backupsMadeByAPersonOrForAPurposeAreKeptForTheMinimumAgeOfTheirTrigger() {
        Instant tenDaysAgo = NOW.minus(Duration.ofDays(10));
        Instant fortyDaysAgo = NOW.minus(Duration.ofDays(40));
        List<BackupRecord> backups = List.of(
                backup("bk-newest", NOW.minus(Duration.ofHours(1)), BackupTrigger.SCHEDULE, null, true),
                backup("bk-manual-young", tenDaysAgo, BackupTrigger.MANUAL, null, true),
                backup("bk-change-young", tenDaysAgo.minusSeconds(1), BackupTrigger.CHANGE, null, true),
                backup("bk-pre-restore-young", tenDaysAgo.minusSeconds(2), BackupTrigger.PRE_RESTORE, null, true),
                backup("bk-drill-young", tenDaysAgo.minusSeconds(3), BackupTrigger.DRILL, null, true),
                backup("bk-scheduled-young", tenDaysAgo.minusSeconds(4), BackupTrigger.SCHEDULE, null, true),
                backup("bk-manual-old", fortyDaysAgo, BackupTrigger.MANUAL, null, true),
                backup("bk-change-short", tenDaysAgo.minusSeconds(5), BackupTrigger.CHANGE, null, true));
        Retention retention = new Retention(0, 0, 0, 1, Map.of("manual", Duration.ofDays(30),
                "change", Duration.ofDays(11), "pre-restore", Duration.ofDays(30)));

        Plan plan = GfsRetention.plan(backups, retention, Set.of(), Incidents.NONE, NOW);

        assertThat(ids(plan.kept())).containsExactly("bk-newest", "bk-manual-young", "bk-change-young",
                "bk-pre-restore-young", "bk-change-short");
        assertThat(decisionOf(plan, "bk-pre-restore-young").reasons()).isEqualTo("minimum-age: pre-restore backup kept until "
                + tenDaysAgo.minusSeconds(2).plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES) + " (minimum age P30D)");
        assertThat(decisionOf(plan, "bk-manual-old").reasons()).endsWith("; manual backup past its minimum age P30D since "
                + fortyDaysAgo.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES));
        assertThat(ids(plan.expired())).containsExactly("bk-drill-young", "bk-scheduled-young", "bk-manual-old");
    }

    @Test
    void anEmergencyBackupIsKeptWhileItsIncidentIsOpenAndTheMinimumAgeAfterItWasResolved() {
        Instant sixtyDaysAgo = NOW.minus(Duration.ofDays(60));
        List<BackupRecord> backups = List.of(
                backup("bk-newest", NOW.minus(Duration.ofHours(1)), BackupTrigger.SCHEDULE, null, true),
                backup("bk-open", sixtyDaysAgo, BackupTrigger.EMERGENCY, "INC-open", true),
                backup("bk-resolved-recently", sixtyDaysAgo.minusSeconds(1), BackupTrigger.EMERGENCY, "INC-recent", true),
                backup("bk-resolved-long-ago", sixtyDaysAgo.minusSeconds(2), BackupTrigger.EMERGENCY, "INC-old", true));
        Incidents incidents = new Incidents(Set.of("INC-open"), Map.of("INC-recent", NOW.minus(Duration.ofDays(10)),
                "INC-old", NOW.minus(Duration.ofDays(31))));

        Plan plan = GfsRetention.plan(backups, new Retention(0, 0, 0, 1, Retention.defaultMinimumAges()), Set.of(),
                incidents, NOW);

        assertThat(decisionOf(plan, "bk-open").rules()).containsExactly(Rule.OPEN_INCIDENT);
        assertThat(decisionOf(plan, "bk-resolved-recently").rules()).containsExactly(Rule.MINIMUM_AGE);
        assertThat(decisionOf(plan, "bk-resolved-long-ago").rules()).containsExactly(Rule.GFS);
    }

    private static Decision decisionOf(Plan plan, String backupId) {
        return plan.decisions().stream().filter(decision -> decision.backup().id().equals(backupId)).findFirst()
                .orElseThrow(() -> new AssertionError("no decision on " + backupId));
    }

    /** One backup per night, plus a second in the afternoon of every fifth day of a month. */
    private static List<BackupRecord> history() {
        List<BackupRecord> backups = new ArrayList<>();
        for (LocalDate day = FIRST_DAY; !day.isAfter(TODAY); day = day.plusDays(1)) {
            backups.add(backup(id(day, 2), day.atTime(LocalTime.of(2, 0)), BackupStatus.SUCCEEDED, null, null));
            if (day.getDayOfMonth() % 5 == 0) {
                backups.add(backup(id(day, 14), day.atTime(LocalTime.of(14, 0)), BackupStatus.SUCCEEDED, null, null));
            }
        }
        return backups;
    }

    private static String newestOf(LocalDate day) {
        return id(day, day.getDayOfMonth() % 5 == 0 ? 14 : 2);
    }

    private static String id(LocalDate day, int hour) {
        return "bk-" + day + "-" + hour;
    }

    private static BackupRecord backup(String id, java.time.LocalDateTime started, BackupStatus status, String incidentId,
                                       Instant deletedAt) {
        return backup(id, started.toInstant(ZoneOffset.UTC), incidentId == null ? BackupTrigger.SCHEDULE : BackupTrigger.EMERGENCY,
                status, incidentId, true, deletedAt);
    }

    private static BackupRecord backup(String id, Instant at, BackupTrigger trigger, String incidentId, boolean verified) {
        return backup(id, at, trigger, BackupStatus.SUCCEEDED, incidentId, verified, null);
    }

    private static BackupRecord backup(String id, Instant at, BackupTrigger trigger, BackupStatus status, String incidentId,
                                       boolean verified, Instant deletedAt) {
        return new BackupRecord(id, "ticket-db", "files", "full", trigger, "someone", "test", status, id, 1L, 1L, "sha", verified,
                at, at.plusSeconds(60), null, null, null, incidentId, "local", deletedAt, null, at);
    }

    private static int succeeded(List<BackupRecord> backups) {
        return (int) backups.stream().filter(backup -> backup.status() == BackupStatus.SUCCEEDED).count();
    }

    private static List<String> ids(List<Decision> decisions) {
        return decisions.stream().map(decision -> decision.backup().id()).toList();
    }
}
