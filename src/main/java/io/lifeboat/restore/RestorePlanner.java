package io.lifeboat.restore;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.backup.BackupArtifact;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DataSource;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.restore.RestoreJson.Planned;
import io.lifeboat.web.ApiRefusal;
import io.lifeboat.web.InputText;

/**
 * Turns a restore request into what the agents will be asked, or refuses it with 4xx naming the field: the restore
 * point, the target per data source, the paths. It writes nothing, so a refused request leaves nothing behind.
 */
@Component
class RestorePlanner {

    /**
     * What each agent's alternate destination is named by, what it may name besides (pgdump: another server, {@link
     * AlternateServer}), and which agents can restore single paths.
     */
    private static final Map<String, Set<String>> DESTINATION_FIELDS = Map.of(
            "files", Set.of("path"), "restic", Set.of("path"), "pgdump", Set.of("database"),
            "pgbackrest", Set.of("dataDirectory", "port"), "servicenow", Set.of("path"));
    private static final Map<String, Set<String>> OPTIONAL_DESTINATION_FIELDS = Map.of("pgdump", Set.of(AlternateServer.SERVER));
    private static final Set<String> PATH_AGENTS = Set.of("files", "restic", "servicenow");
    /** Agents whose data is restored into a directory only, never in place. */
    private static final Set<String> WRITE_BACK_REFUSED = Set.of("servicenow");
    private static final int MAX_REASON = 1000;
    private static final int MAX_ID = 200;
    /** The target and the paths are kept as JSON. */
    private static final int MAX_JSON = 4000;

    private final Catalog catalog;
    private final BackupRepository backups;
    private final Clock clock;

    RestorePlanner(Catalog catalog, BackupRepository backups, Clock clock) {
        this.catalog = catalog;
        this.backups = backups;
        this.clock = clock;
    }

    /** A request that can be carried out. */
    record PlannedRestore(ServiceDefinition service, BackupRecord backup, Instant pointInTime, RestoreMode mode,
                          Map<String, Map<String, Object>> target, List<String> paths, List<Planned> sources,
                          List<Planned> leftOut) {
    }

    /**
     * @throws ApiRefusal 400 naming the field, 404 for an unknown backup, 409 when the service has no backup to
     *                    restore
     * @throws io.lifeboat.catalog.UnknownServiceException for a service not in the catalog (404)
     */
    PlannedRestore plan(RestoreRequest request) {
        require(request.service(), "service");
        require(request.reason(), "reason");
        limit(request.reason(), "reason", MAX_REASON);
        limit(request.incidentId(), "incidentId", MAX_ID);
        limit(request.backupId(), "backupId", MAX_ID);
        if (request.target() != null && request.target().dataSources() != null) {
            limit(RestoreJson.of(request.target().dataSources()), "target.dataSources", MAX_JSON);
        }
        if (request.paths() != null) {
            limit(RestoreJson.of(request.paths()), "paths", MAX_JSON);
        }
        ServiceDefinition service = catalog.require(request.service());
        if (request.target() == null) {
            throw invalid("target is required: {\"mode\": \"in-place\"} or {\"mode\": \"alternate\", \"dataSources\": {...}}");
        }
        RestoreMode mode = mode(request.target().mode());
        if (mode == RestoreMode.IN_PLACE) {
            refuseWriteBack(service);
        }
        Instant pointInTime = pointInTime(request.pointInTime());
        BackupRecord backup = restorePoint(service, request, pointInTime);
        Map<String, Map<String, Object>> target = mode == RestoreMode.IN_PLACE ? Map.of() : destinations(service, request.target());
        List<String> paths = paths(service, request.paths(), mode, target);
        List<BackupArtifact> artifacts = backups.artifacts(backup.id());
        List<Planned> sources = new ArrayList<>();
        List<Planned> leftOut = new ArrayList<>();
        for (BackupArtifact artifact : artifacts) {
            boolean restored = mode == RestoreMode.IN_PLACE || target.containsKey(artifact.dataSource());
            (restored ? sources : leftOut).add(new Planned(artifact.dataSource(), artifact.snapshot(),
                    target.getOrDefault(artifact.dataSource(), Map.of())));
        }
        List<String> missing = target.keySet().stream()
                .filter(name -> artifacts.stream().noneMatch(artifact -> artifact.dataSource().equals(name))).toList();
        if (!missing.isEmpty()) {
            throw invalid("target.dataSources: backup " + backup.id() + " holds nothing of " + String.join(", ", missing));
        }
        return new PlannedRestore(service, backup, pointInTime, mode, target, paths, List.copyOf(sources), List.copyOf(leftOut));
    }

    private static RestoreMode mode(String mode) {
        for (RestoreMode known : RestoreMode.values()) {
            if (known.value().equals(mode)) {
                return known;
            }
        }
        throw invalid("target.mode '" + mode + "' is not one of in-place, alternate");
    }

    private Instant pointInTime(String value) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("pointInTime " + InputText.quote(value) + " is no ISO-8601 instant such as 2026-12-01T09:30:00Z");
        }
        if (at.isAfter(clock.instant())) {
            throw invalid("pointInTime " + at + " is in the future");
        }
        return at;
    }

    private BackupRecord restorePoint(ServiceDefinition service, RestoreRequest request, Instant pointInTime) {
        boolean allowUnverified = Boolean.TRUE.equals(request.allowUnverified());
        if (request.backupId() != null) {
            if (pointInTime != null) {
                throw invalid("give backupId or pointInTime, not both");
            }
            BackupRecord backup = backups.find(request.backupId()).orElseThrow(() ->
                    new ApiRefusal(HttpStatus.NOT_FOUND, "not found", "no backup '" + request.backupId() + "'"));
            if (!backup.service().equals(service.id())) {
                throw invalid("backupId: backup " + backup.id() + " is of service " + backup.service() + ", not " + service.id());
            }
            if (backup.deleted()) {
                throw invalid("backupId: backup " + backup.id() + " was deleted at " + backup.deletedAt());
            }
            if (backup.status() != BackupStatus.SUCCEEDED && !(allowUnverified && backup.status() == BackupStatus.FAILED)) {
                throw invalid("backupId: backup " + backup.id() + " is " + backup.status()
                        + (backup.status() == BackupStatus.FAILED ? "; allowUnverified: true restores it anyway" : ""));
            }
            if (!backup.verified() && !allowUnverified) {
                throw invalid("backupId: backup " + backup.id() + " is " + (backup.status() == BackupStatus.FAILED ? "failed"
                        : "not verified") + "; allowUnverified: true, with the reason saying why, restores it anyway");
            }
            if (backups.artifacts(backup.id()).isEmpty()) {
                throw invalid("backupId: backup " + backup.id() + " holds no snapshot to restore");
            }
            return backup;
        }
        List<BackupRecord> candidates = backups.list(service.id(), BackupStatus.SUCCEEDED).stream()
                .filter(backup -> !backup.deleted() && backup.verified())
                .filter(backup -> pointInTime == null || !backup.finishedAt().isAfter(pointInTime))
                .toList();
        Optional<BackupRecord> newest = candidates.stream().max(Comparator.comparing(BackupRecord::finishedAt));
        if (newest.isPresent()) {
            return newest.get();
        }
        if (pointInTime != null) {
            throw invalid("pointInTime " + pointInTime + " is older than every verified backup of " + service.id());
        }
        throw new ApiRefusal(HttpStatus.CONFLICT, "nothing to restore", service.id() + " has no verified backup to restore");
    }

    private static Map<String, Map<String, Object>> destinations(ServiceDefinition service, RestoreRequest.Target target) {
        if (target.dataSources() == null || target.dataSources().isEmpty()) {
            throw invalid("target.dataSources: an alternate restore names where each data source goes, e.g. "
                    + "{\"" + service.dataSources().get(0).name() + "\": {\"path\": \"/restore/here\"}}");
        }
        Map<String, Map<String, Object>> destinations = new LinkedHashMap<>();
        target.dataSources().forEach((name, destination) -> {
            DataSource dataSource = service.dataSources().stream().filter(candidate -> candidate.name().equals(name))
                    .findFirst().orElseThrow(() -> invalid("target.dataSources: " + service.id() + " has no data source "
                            + InputText.quote(name)));
            Set<String> fields = DESTINATION_FIELDS.getOrDefault(dataSource.agent(), Set.of());
            Set<String> optional = OPTIONAL_DESTINATION_FIELDS.getOrDefault(dataSource.agent(), Set.of());
            String field = "target.dataSources." + name;
            if (destination == null || !destination.keySet().containsAll(fields) || !destination.keySet().stream()
                    .allMatch(key -> fields.contains(key) || optional.contains(key))) {
                throw invalid(field + ": the " + dataSource.agent() + " agent restores elsewhere given exactly "
                        + String.join(" and ", fields.stream().sorted().toList())
                        + (optional.isEmpty() ? "" : ", and optionally " + String.join(" and ", optional.stream().sorted().toList())));
            }
            destination.forEach((key, value) -> {
                if (AlternateServer.SERVER.equals(key)) {
                    List<String> problems = AlternateServer.problems(field + "." + key, value);
                    if (!problems.isEmpty()) {
                        throw invalid(String.join("; ", problems));
                    }
                    return;
                }
                boolean ok = "port".equals(key) ? value instanceof Integer port && port > 0 && port < 65536
                        : value instanceof String text && !text.isBlank();
                if (!ok) {
                    throw invalid(field + "." + key + ": " + ("port".equals(key) ? "a port number" : "a non-empty string"));
                }
            });
            destinations.put(name, Map.copyOf(destination));
        });
        return destinations;
    }

    private static List<String> paths(ServiceDefinition service, List<String> paths, RestoreMode mode,
                                      Map<String, Map<String, Object>> target) {
        if (paths == null || paths.isEmpty()) {
            return List.of();
        }
        if (mode == RestoreMode.IN_PLACE) {
            throw invalid("paths: only an alternate restore brings back single files; in place restores everything");
        }
        for (String name : target.keySet()) {
            String agent = DataSourceAgents.dataSource(service, name).agent();
            if (!PATH_AGENTS.contains(agent)) {
                throw invalid("paths: data source " + name + " is backed up by " + agent
                        + ", which restores a whole database, not single paths");
            }
        }
        for (String path : paths) {
            if (path == null || path.isBlank() || path.contains("\0") || path.startsWith("/") || path.contains("..")) {
                throw invalid("paths: " + InputText.quote(String.valueOf(path)) + " is no path inside the backup "
                        + "(relative, as GET /api/backups/{id}/files lists it)");
            }
        }
        return List.copyOf(paths);
    }

    /** What the columns of {@code restore_run} hold. */
    private static void limit(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field + " is " + value.length() + " characters long; at most " + max);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
    }

    /** A SaaS export restores into a directory only: Lifeboat writes nothing back into the service it exported. */
    private static void refuseWriteBack(ServiceDefinition service) {
        service.dataSources().stream().filter(source -> WRITE_BACK_REFUSED.contains(source.agent())).findFirst()
                .ifPresent(source -> {
                    throw invalid("target: data source " + source.name() + " is a " + source.agent() + " export, which"
                            + " restores only elsewhere ({\"mode\": \"alternate\"}): nothing is written back into the"
                            + " instance");
                });
    }

    private static ApiRefusal invalid(String detail) {
        return new ApiRefusal(HttpStatus.BAD_REQUEST, "bad request", detail);
    }
}
