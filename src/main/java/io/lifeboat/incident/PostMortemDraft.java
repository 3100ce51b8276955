package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.lifeboat.backup.BackupRecord;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.incident.Incident.IncidentAlert;
import io.lifeboat.incident.Incident.TimelineEntry;
import io.lifeboat.incident.PostMortemRepository.EarlierPostMortem;
import io.lifeboat.text.Readable;

/**
 * Writes the post-mortem draft, in Markdown, from what history holds: the incident's alerts and timeline, the service's
 * backups and its objectives, and earlier post-mortems of the same failure. The reviewers start from facts, not memory.
 */
@Component
public class PostMortemDraft {

    /** A new incident of the same service and alert within this time of an earlier post-mortem links to it. */
    public static final Duration RELATED_WINDOW = Duration.ofDays(90);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** The earliest draft date of an earlier post-mortem that the draft of {@code incident} links. */
    public static Instant relatedSince(Incident incident) {
        return incident.openedAt().minus(RELATED_WINDOW);
    }

    /**
     * @param backups the service's backups, any order and status
     * @param earlier post-mortems of the same service sharing an alert name, drafted since {@link #relatedSince}
     */
    public String write(Incident incident, ServiceDefinition service, List<BackupRecord> backups, List<EarlierPostMortem> earlier) {
        PostMortemFigures figures = PostMortemFigures.of(incident, service, backups);
        StringBuilder md = new StringBuilder();
        md.append("# Post-mortem ").append(incident.id()).append(": ").append(cell(incident.title())).append("\n\n")
                .append("Service **").append(service.name()).append("** (`").append(service.id()).append("`, tier ")
                .append(service.tier()).append(", owner group `").append(service.ownerGroup()).append("`), severity ")
                .append(incident.severity()).append(".\n")
                .append("Opened ").append(Readable.time(incident.openedAt())).append(" by ").append(incident.openedBy())
                .append(", resolved ").append(Readable.time(incident.resolvedAt())).append(".\n\n")
                .append("This review is blameless: it asks how the system and its safeguards let this happen, not who erred.\n");
        related(md, earlier);
        objectives(md, figures);
        alerts(md, incident.alerts());
        timeline(md, incident.timeline());
        backupsDuring(md, figures.backupsDuring());
        return md.toString();
    }

    private static void related(StringBuilder md, List<EarlierPostMortem> earlier) {
        if (earlier.isEmpty()) {
            return;
        }
        md.append("\n## Seen before\n\n");
        Map<String, List<EarlierPostMortem>> byIncident = earlier.stream()
                .collect(Collectors.groupingBy(EarlierPostMortem::incidentId, LinkedHashMap::new, Collectors.toList()));
        byIncident.forEach((incidentId, shared) -> md.append("- Post-mortem of incident ").append(incidentId)
                .append(" (").append(DATE.format(shared.get(0).draftedAt())).append("), same alert ")
                .append(shared.stream().map(postMortem -> "`" + postMortem.alertName() + "`").collect(Collectors.joining(", ")))
                .append(": were its action items enough?\n"));
    }

    private static void objectives(StringBuilder md, PostMortemFigures figures) {
        md.append("\n## Recovery against objectives\n\n")
                .append("| measure | achieved | objective | verdict |\n|---|---|---|---|\n")
                .append("| RTO (time to recovery: resolved minus opened) | ").append(Readable.duration(figures.timeToRecovery())).append(" | ")
                .append(Readable.duration(figures.rtoObjective())).append(" | ").append(verdict(figures.rtoMet())).append(" |\n")
                .append("| RPO (opened minus the last good backup) | ")
                .append(figures.rpoAchieved().map(Readable::duration).orElse("no good backup before the incident"))
                .append(" | ").append(Readable.duration(figures.rpoObjective())).append(" | ").append(verdict(figures.rpoMet())).append(" |\n")
                .append("| Time to first backup (first backup start minus opened) | ")
                .append(figures.timeToFirstBackup().map(Readable::duration).orElse("no backup during the incident"))
                .append(" | | |\n");
        figures.lastGoodBackup().ifPresent(backup -> md.append("\nLast good backup before the incident: `").append(backup.id())
                .append("`, started ").append(Readable.time(backup.startedAt())).append(".\n"));
    }

    private static void alerts(StringBuilder md, List<IncidentAlert> alerts) {
        md.append("\n## Alerts\n\n");
        if (alerts.isEmpty()) {
            md.append("No alerts: the incident was opened by hand.\n");
            return;
        }
        md.append("| alert | source | severity | status | first seen | last seen | times |\n|---|---|---|---|---|---|---|\n");
        alerts.forEach(alert -> md.append("| ").append(cell(alert.alertname())).append(" | ").append(alert.source()).append(" | ")
                .append(alert.severity()).append(" | ").append(alert.status()).append(" | ").append(Readable.time(alert.firstSeenAt()))
                .append(" | ").append(Readable.time(alert.lastSeenAt())).append(" | ").append(alert.occurrences()).append(" |\n"));
    }

    private static void timeline(StringBuilder md, List<TimelineEntry> timeline) {
        md.append("\n## Timeline of alerts and decisions\n\n| when | who | what | |\n|---|---|---|---|\n");
        timeline.forEach(entry -> md.append("| ").append(Readable.time(entry.occurredAt())).append(" | ").append(cell(entry.actor()))
                .append(" | ").append(entry.kind()).append(" | ").append(cell(entry.text())).append(" |\n"));
    }

    private static void backupsDuring(StringBuilder md, List<BackupRecord> backups) {
        md.append("\n## Backups during the incident\n\n");
        if (backups.isEmpty()) {
            md.append("None.\n");
            return;
        }
        md.append("| backup | trigger | status | started | took |\n|---|---|---|---|---|\n");
        backups.forEach(backup -> md.append("| `").append(backup.id()).append("` | ").append(backup.trigger().value()).append(" | ")
                .append(backup.status().name().toLowerCase(Locale.ROOT)).append(" | ").append(Readable.time(backup.startedAt())).append(" | ")
                .append(PostMortemFigures.duration(backup).map(Readable::duration).orElse("still running")).append(" |\n"));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    /** Text inside a Markdown table cell: one line, and a pipe would end the cell. */
    private static String cell(String text) {
        return Optional.ofNullable(text).orElse("").replace("\r", "").replace('\n', ' ').replace("|", "\\|");
    }
}
