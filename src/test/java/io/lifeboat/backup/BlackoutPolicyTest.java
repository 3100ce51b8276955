package io.lifeboat.backup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.backup.BackupRunbook.Blackout;
import io.lifeboat.catalog.BackupPolicy;
import io.lifeboat.catalog.BlackoutWindow;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.Hooks;
import io.lifeboat.catalog.Retention;
import io.lifeboat.catalog.Schedule;
import io.lifeboat.catalog.ServiceDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class BlackoutPolicyTest {

    private static final BlackoutWindow MONTH_END = new BlackoutWindow("month-end-close", Set.of(DayOfWeek.MONDAY),
            LocalTime.of(8, 0), LocalTime.of(12, 0), ZoneOffset.UTC);
    private static final ServiceDefinition TICKET_DB = new ServiceDefinition("ticket-db", "Ticket database", 1, "operators",
            Duration.ofHours(4), Duration.ofHours(4), Duration.ofDays(1), List.of(),
            List.of(new DataSource("tickets", "files", Map.of("path", "demo-data/ticket-db"))),
            new BackupPolicy(new Schedule("0 0 * * * *"), BackupMethod.FULL, Retention.DEFAULT, "local", "local", List.of(MONTH_END)),
            Hooks.NONE, List.of(), DrillPolicy.byDefault(1, List.of()), List.of(), null, "services/ticket-db.yaml");
    private static final Instant INSIDE = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-11-23T12:00:00Z");

    private final BlackoutPolicy policy = new BlackoutPolicy();

    @Test
    void outsideEveryWindowNothingChanges() {
        assertThat(policy.decide(TICKET_DB, BackupTrigger.MANUAL, Instant.parse("2026-11-23T12:00:00Z")).action())
                .isEqualTo(Blackout.NONE);
    }

    @Test
    void aScheduledBackupWaitsForTheWindowsEnd() {
        BlackoutPolicy.Decision decision = policy.decide(TICKET_DB, BackupTrigger.SCHEDULE, INSIDE);

        assertThat(decision.action()).isEqualTo(Blackout.WAIT);
        assertThat(decision.endsAt()).isEqualTo(WINDOW_END);
    }

    @Test
    void aManualBackupIsRefusedNamingTheWindow() {
        BlackoutPolicy.Decision decision = policy.decide(TICKET_DB, BackupTrigger.MANUAL, INSIDE);

        assertThat(decision.action()).isEqualTo(Blackout.REFUSE);
        assertThat(decision.refusal()).contains("ticket-db", "month-end-close", WINDOW_END.toString(),
                "manual backups are refused", "emergency backups may proceed");
    }

    @Test
    void anEmergencyBackupOverridesTheWindow() {
        BlackoutPolicy.Decision decision = policy.decide(TICKET_DB, BackupTrigger.EMERGENCY, INSIDE);

        assertThat(decision.action()).isEqualTo(Blackout.OVERRIDE);
        assertThat(decision.window()).isEqualTo(MONTH_END);
        assertThat(decision.refusal()).isNull();
    }
}
