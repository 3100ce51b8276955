package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.incident.Incident.IncidentAlert;
import io.lifeboat.incident.Incident.TimelineEntry;
import io.lifeboat.incident.PostMortemRepository.EarlierPostMortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostMortemDraftTest {

    private static final Instant OPENED = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant RESOLVED = Instant.parse("2026-11-20T11:30:00Z");

    /** RTO 4 h, RPO 4 h. */
    private static final ServiceDefinition TICKET_DB = new ServiceDefinition("ticket-db", "Ticket database", 1, "servicedesk",
            Duration.ofHours(4), Duration.ofHours(4), Duration.ofDays(1), List.of(), List.of(), null, null, List.of(),
            DrillPolicy.byDefault(1, List.of()), List.of(), null, null);

    private static final List<BackupRecord> BACKUPS = List.of(
            backup("bk-old-good", BackupStatus.SUCCEEDED, "2026-11-19T22:00:00Z", "2026-11-19T22:20:00Z"),
            backup("bk-last-good", BackupStatus.SUCCEEDED, "2026-11-20T05:00:00Z", "2026-11-20T05:15:00Z"),
            backup("bk-failed-before", BackupStatus.FAILED, "2026-11-20T07:00:00Z", "2026-11-20T07:05:00Z"),
            backup("bk-emergency", BackupStatus.SUCCEEDED, "2026-11-20T08:12:00Z", "2026-11-20T08:37:30Z"),
            backup("bk-after", BackupStatus.SUCCEEDED, "2026-11-20T12:00:00Z", "2026-11-20T12:10:00Z"));

    private final PostMortemDraft draft = new PostMortemDraft();

    @Test
    void measuresTheIncidentAgainstTheServiceObjectives() {
        PostMortemFigures figures = PostMortemFigures.of(incident(RESOLVED), TICKET_DB, BACKUPS);

        assertThat(figures.backupsDuring()).extracting(BackupRecord::id).containsExactly("bk-emergency");
        assertThat(figures.timeToFirstBackup()).contains(Duration.ofMinutes(12));
        assertThat(figures.timeToRecovery()).isEqualTo(Duration.ofMinutes(210));
        assertThat(figures.lastGoodBackup()).map(BackupRecord::id).contains("bk-last-good");
        assertThat(figures.rpoAchieved()).contains(Duration.ofHours(3));
        assertThat(figures.rtoMet()).isTrue();
        assertThat(figures.rpoMet()).isTrue();
    }

    @Test
    void objectivesExceededAreMissed() {
        PostMortemFigures figures = PostMortemFigures.of(incident(OPENED.plus(Duration.ofHours(5))), TICKET_DB,
                BACKUPS.subList(0, 1));

        assertThat(figures.rpoAchieved()).contains(Duration.ofHours(10));
        assertThat(figures.rtoMet()).isFalse();
        assertThat(figures.rpoMet()).isFalse();
        assertThat(figures.timeToFirstBackup()).isEmpty();
    }

    @Test
    void withoutAGoodBackupBeforeTheIncidentTheRpoIsMissed() {
        PostMortemFigures figures = PostMortemFigures.of(incident(RESOLVED), TICKET_DB, BACKUPS.subList(2, 4));

        assertThat(figures.rpoAchieved()).isEmpty();
        assertThat(figures.rpoMet()).isFalse();
        assertThat(draft.write(incident(RESOLVED), TICKET_DB, BACKUPS.subList(2, 4), List.of()))
                .contains("| RPO (opened minus the last good backup) | no good backup before the incident | 4 h | **missed** |");
    }

    @Test
    void theDraftShowsFiguresVerdictsTimelineAndBackupsAsMarkdown() {
        String markdown = draft.write(incident(RESOLVED), TICKET_DB, BACKUPS, List.of());

        assertThat(markdown)
                .startsWith("# Post-mortem INC-1: ticket-db down\n")
                .contains("Opened 2026-11-20 08:00 UTC by alertmanager, resolved 2026-11-20 11:30 UTC.")
                .contains("| RTO (time to recovery: resolved minus opened) | 3 h 30 min | 4 h | met |")
                .contains("| RPO (opened minus the last good backup) | 3 h | 4 h | met |")
                .contains("| Time to first backup (first backup start minus opened) | 12 min | | |")
                .contains("Last good backup before the incident: `bk-last-good`, started 2026-11-20 05:00 UTC.")
                .contains("| TicketDbDown | alertmanager | critical | RESOLVED | 2026-11-20 08:00 UTC | 2026-11-20 11:20 UTC | 4 |")
                .contains("| 2026-11-20 08:05 UTC | commander | decision | Emergency backup approved \\| ticket CHG-7 |")
                .contains("| `bk-emergency` | emergency | succeeded | 2026-11-20 08:12 UTC | 25 min 30 s |")
                .doesNotContain("bk-after", "Seen before");
    }

    @Test
    void linksEarlierPostMortemsOfTheSameFailureWithIncidentAndDate() {
        List<EarlierPostMortem> earlier = List.of(
                new EarlierPostMortem("INC-0", "TicketDbDown", Instant.parse("2026-09-01T12:00:00Z")),
                new EarlierPostMortem("INC-0", "TicketDbSlow", Instant.parse("2026-09-01T12:00:00Z")));

        String markdown = draft.write(incident(RESOLVED), TICKET_DB, BACKUPS, earlier);

        assertThat(markdown).contains("## Seen before\n\n- Post-mortem of incident INC-0 (2026-09-01), same alert "
                + "`TicketDbDown`, `TicketDbSlow`: were its action items enough?\n");
        assertThat(PostMortemDraft.relatedSince(incident(RESOLVED))).isEqualTo(OPENED.minus(Duration.ofDays(90)));
    }

    @Test
    void anUnresolvedIncidentHasNoPostMortemYet() {
        assertThatThrownBy(() -> draft.write(incident(null), TICKET_DB, BACKUPS, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("incident INC-1 is not resolved: a post-mortem measures a finished incident");
    }

    private static Incident incident(Instant resolvedAt) {
        return new Incident("INC-1", "ticket-db", "critical", resolvedAt == null ? IncidentState.OPEN : IncidentState.RESOLVED,
                "ticket-db down", "alertmanager", OPENED, resolvedAt, "pi-1", true,
                List.of(new IncidentAlert("fp-1", "alertmanager", "TicketDbDown", "critical", "RESOLVED", "ticket-db is down",
                        OPENED, Instant.parse("2026-11-20T11:20:00Z"), 4, Map.of())),
                List.of(new TimelineEntry(1, OPENED, "alertmanager", "alert", "TicketDbDown firing"),
                        new TimelineEntry(2, Instant.parse("2026-11-20T08:05:00Z"), "commander", "decision",
                                "Emergency backup approved | ticket CHG-7")));
    }

    private static BackupRecord backup(String id, BackupStatus status, String started, String finished) {
        return new BackupRecord(id, "ticket-db", "files", "full", id.contains("emergency") ? BackupTrigger.EMERGENCY : BackupTrigger.SCHEDULE,
                "system:scheduler", "test", status, null, null, null, null, false, Instant.parse(started),
                Optional.ofNullable(finished).map(Instant::parse).orElse(null), null, null, null, null, "local", null, null, null);
    }
}
