package io.lifeboat.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.RestorePlanner.PlannedRestore;
import io.lifeboat.text.Readable;

/**
 * What the commander approving an in-place restore reads on the form ({@code restore-approval.form}), as String
 * variables set when the restore is asked for: the form's {@code text} components show them and submit nothing.
 */
@Component
class ApprovalFacts {

    private final Catalog catalog;
    private final RestoreProperties properties;

    ApprovalFacts(Catalog catalog, RestoreProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    Map<String, Object> of(PlannedRestore planned, String requester, String reason, String incidentId, Instant now) {
        ServiceDefinition service = planned.service();
        Instant point = planned.pointInTime() != null ? planned.pointInTime() : planned.backup().restorePoint();
        Duration lost = Duration.between(point, now);
        String sources = planned.sources().stream().map(source -> source.dataSource() + " (" + source.snapshot().agent()
                + ": " + source.snapshot().fileCount() + " files, " + Readable.bytes(source.snapshot().bytes()) + ")")
                .collect(Collectors.joining(", "));
        return Map.of(
                "approvalService", service.name() + " (" + service.id() + "), tier " + service.tier() + ", RTO "
                        + Readable.duration(service.rto()) + ", RPO " + Readable.duration(service.rpo()),
                "approvalDependents", dependents(service),
                "approvalRestorePoint", "backup " + planned.backup().id() + ", data as of " + Readable.time(point) + " ("
                        + Readable.duration(lost) + " ago)" + (planned.pointInTime() == null ? "" : ", point in time asked for")
                        + (planned.backup().verified() ? "" : "; this backup is NOT verified"),
                "approvalDataLoss", "Every change to " + service.id() + " after " + Readable.time(point) + " is lost: "
                        + Readable.duration(lost) + " of data. Restored: " + sources + ".",
                "approvalSafetyBackup", "Before anything is overwritten, a backup of the current state (trigger pre-restore) "
                        + "is taken and kept under a legal hold for " + Readable.duration(properties.keepSafetyBackup())
                        + ", so this restore can itself be undone. Waive it only when the current data is unreadable.",
                "approvalRequest", requester + " asked: " + reason,
                "approvalIncident", incidentId == null ? "none" : incidentId);
    }

    /** Who relies on the service, and what it needs itself, as the catalog says. */
    private String dependents(ServiceDefinition service) {
        List<String> usedBy = catalog.services().stream().filter(other -> other.dependsOn().contains(service.id()))
                .map(ServiceDefinition::id).toList();
        return (usedBy.isEmpty() ? "nothing in the catalog depends on it" : "used by " + String.join(", ", usedBy))
                + (service.dependsOn().isEmpty() ? "" : "; it depends on " + String.join(", ", service.dependsOn()));
    }
}
