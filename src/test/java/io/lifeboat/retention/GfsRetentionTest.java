package io.lifeboat.retention;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.catalog.Retention;
import io.lifeboat.retention.GfsRetention.Decision;
import io.lifeboat.retention.GfsRetention.Plan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GFS on three years of history: a scheduled backup every night at 02:00 and, on every fifth day of a month, a
 * manual one at 14:00. The expected keep set is worked out by walking the calendar back from today, not by grouping
 * the records the way the engine does.
 */
class GfsRetentionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private static final LocalDate FIRST_DAY = TODAY.minusYears(3);

    @Test
    void defaultRetentionKeepsExactlyTheNewestOfTheLast30Days26Weeks24Months() {
        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(), Set.of());

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
        assertThat(plan.kept()).filteredOn(decision -> decision.backup().id().equals(newestOf(TODAY)))
                .singleElement().extracting(Decision::reasons).isEqualTo("newest, daily, weekly, monthly");
        assertThat(plan.kept()).filteredOn(decision -> decision.backup().id().equals(newestOf(LocalDate.of(2024, 12, 31))))
                .singleElement().extracting(Decision::reasons).isEqualTo("monthly");
    }

    @Test
    void aSameDayRepeatSupersedesTheNightlyBackupOfThatDay() {
        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(), Set.of());

        LocalDate fifteenth = LocalDate.of(2026, 11, 15);
        assertThat(ids(plan.kept())).contains(id(fifteenth, 14)).doesNotContain(id(fifteenth, 2));
        assertThat(plan.expired()).filteredOn(decision -> decision.backup().id().equals(id(fifteenth, 2)))
                .singleElement().extracting(Decision::reasons).isEqualTo("GFS daily 30, weekly 26, monthly 24: not the newest"
                        + " kept backup of day 2026-11-15, week 2026-W46 or month 2026-11");
    }

    @Test
    void failedAndRunningBackupsAndDeletedOnesAreLeftAlone() {
        List<BackupRecord> backups = new ArrayList<>(history());
        backups.add(backup("bk-failed", LocalDate.of(2024, 1, 3).atTime(5, 0), BackupStatus.FAILED, null, null));
        backups.add(backup("bk-running", TODAY.atTime(20, 0), BackupStatus.RUNNING, null, null));
        backups.add(backup("bk-deleted", LocalDate.of(2024, 1, 3).atTime(6, 0), BackupStatus.SUCCEEDED, null,
                Instant.parse("2026-01-01T00:00:00Z")));

        Plan plan = GfsRetention.plan(backups, Retention.DEFAULT, Set.of(), Set.of());

        assertThat(plan.decisions()).extracting(decision -> decision.backup().id())
                .doesNotContain("bk-failed", "bk-running", "bk-deleted").hasSize(succeeded(history()));
        assertThat(ids(plan.kept())).contains(newestOf(TODAY));
    }

    @Test
    void aHeldBackupIsNeverExpired() {
        String held = id(LocalDate.of(2024, 2, 7), 2);

        Plan plan = GfsRetention.plan(history(), Retention.DEFAULT, Set.of(held), Set.of());

        assertThat(plan.kept()).filteredOn(decision -> decision.backup().id().equals(held))
                .singleElement().extracting(Decision::reasons).isEqualTo("legal-hold");
        assertThat(ids(plan.expired())).doesNotContain(held);
    }

    @Test
    void emergencyBackupsAreKeptWhileTheirIncidentIsOpen() {
        List<BackupRecord> backups = new ArrayList<>(history());
        backups.add(backup("bk-emergency-open", LocalDate.of(2025, 3, 3).atTime(9, 0), BackupStatus.SUCCEEDED, "INC-open", null));
        backups.add(backup("bk-emergency-closed", LocalDate.of(2025, 3, 4).atTime(9, 0), BackupStatus.SUCCEEDED, "INC-closed", null));

        Plan plan = GfsRetention.plan(backups, Retention.DEFAULT, Set.of(), Set.of("INC-open"));

        assertThat(plan.kept()).filteredOn(decision -> decision.backup().id().equals("bk-emergency-open"))
                .singleElement().extracting(Decision::reasons).isEqualTo("open-incident");
        assertThat(ids(plan.expired())).contains("bk-emergency-closed");
    }

    @Test
    void theNewestBackupIsKeptEvenWithAllCountsZero() {
        Plan plan = GfsRetention.plan(history(), new Retention(0, 0, 0), Set.of(), Set.of());

        assertThat(ids(plan.kept())).containsExactly(newestOf(TODAY));
        assertThat(plan.kept().get(0).reasons()).isEqualTo("newest");
    }

    @Test
    void daysWithoutBackupsDoNotCount() {
        List<BackupRecord> sparse = List.of(
                backup("a", LocalDate.of(2026, 11, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null),
                backup("b", LocalDate.of(2026, 10, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null),
                backup("c", LocalDate.of(2026, 9, 1).atTime(2, 0), BackupStatus.SUCCEEDED, null, null));

        Plan plan = GfsRetention.plan(sparse, new Retention(2, 0, 0), Set.of(), Set.of());

        assertThat(ids(plan.kept())).containsExactly("a", "b");
        assertThat(ids(plan.expired())).containsExactly("c");
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
        Instant at = started.toInstant(ZoneOffset.UTC);
        return new BackupRecord(id, "ticket-db", "files", "full", incidentId == null ? BackupTrigger.SCHEDULE : BackupTrigger.EMERGENCY,
                "system:scheduler", "test", status, id, 1L, 1L, "sha", true, at, at.plusSeconds(60), null, null, null,
                incidentId, "local", deletedAt, null, at);
    }

    private static int succeeded(List<BackupRecord> backups) {
        return (int) backups.stream().filter(backup -> backup.status() == BackupStatus.SUCCEEDED).count();
    }

    private static List<String> ids(List<Decision> decisions) {
        return decisions.stream().map(decision -> decision.backup().id()).toList();
    }
}
