package io.lifeboat.incident;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.audit.AuditRecord;
import io.lifeboat.audit.AuditTrail;
import io.lifeboat.backup.BackupRecord;
import io.lifeboat.backup.BackupRepository;
import io.lifeboat.backup.BackupService;
import io.lifeboat.backup.BackupStatus;
import io.lifeboat.backup.BackupTrigger;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.engine.RefusedAnswer;
import io.lifeboat.intake.Alert;
import io.lifeboat.intake.Severity;
import io.lifeboat.intake.AlertStatus;
import io.lifeboat.text.Readable;
import io.micrometer.core.instrument.MeterRegistry;

import static io.lifeboat.db.Sql.fit;
import static io.lifeboat.incident.IncidentRunbook.Variables.ALERTS_SUMMARY;
import static io.lifeboat.incident.IncidentRunbook.Variables.ALL_ALERTS_RESOLVED;
import static io.lifeboat.incident.IncidentRunbook.Variables.INCIDENT_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SERVICE_ID;
import static io.lifeboat.incident.IncidentRunbook.Variables.SEVERITY;
import static io.lifeboat.incident.IncidentRunbook.Variables.TIER;
import static io.lifeboat.incident.IncidentRunbook.Variables.TRIAGE_CHOICES;
import static io.lifeboat.incident.IncidentRunbook.Variables.TRIAGE_SERVICE;

/** Incidents: opening them, joining alerts, their emergency backups, and closing them. */
@Service
public class IncidentService {

    /** The actor of steps the runbook takes by itself. */
    public static final String RUNBOOK = "system:incident-response";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Alerts listed by name on the forms; with a line at most this long, the summary stays far below 4,000 characters. */
    static final int ALERTS_SHOWN = 5;
    private static final int ALERT_LINE_LENGTH = 300;
    /** Labels every alert line shows in its own words already. */
    private static final Set<String> LABELS_SHOWN_ELSEWHERE = Set.of("alertname", "service", "severity");

    private final Catalog catalog;
    private final IncidentRepository incidents;
    private final BackupService backupService;
    private final BackupRepository backups;
    private final AuditTrail audit;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final RepositoryService deployments;
    private final MeterRegistry metrics;
    private final IncidentMilestones milestones;
    private final Clock clock;

    IncidentService(Catalog catalog, IncidentRepository incidents, BackupService backupService, BackupRepository backups,
                    AuditTrail audit, RuntimeService runtime, TaskService tasks, RepositoryService deployments,
                    MeterRegistry metrics, IncidentMilestones milestones, Clock clock) {
        this.catalog = catalog;
        this.incidents = incidents;
        this.backupService = backupService;
        this.backups = backups;
        this.audit = audit;
        this.runtime = runtime;
        this.tasks = tasks;
        this.deployments = deployments;
        this.metrics = metrics;
        this.milestones = milestones;
        this.clock = clock;
    }

    /**
     * Opens an incident and starts its runbook in one transaction.
     *
     * @param serviceId  null when no service matched: the runbook starts with triage
     * @param firstAlert the alert that opened it, or null when declared by hand
     * @throws IncidentAlreadyOpenException when the service has an open incident
     */
    @Transactional
    public Incident open(String serviceId, String severity, String title, String actor, Alert firstAlert) {
        Optional<ServiceDefinition> service = Optional.ofNullable(serviceId).map(catalog::require);
        String shortTitle = fit(title, 500);
        service.flatMap(known -> incidents.openIncidentOf(known.id())).ifPresent(open -> {
            throw new IncidentAlreadyOpenException(serviceId, open);
        });
        Instant now = clock.instant();
        String id = "INC-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(randomBytes());
        String level = Severity.parse(severity).value();
        incidents.open(id, serviceId, level, shortTitle, actor, now);
        incidents.addTimeline(id, now, actor, "opened", "opened: " + shortTitle + " (" + level + ")");
        if (firstAlert != null) {
            incidents.addAlert(id, firstAlert, now);
            incidents.addTimeline(id, now, actor, "alert", describe(firstAlert));
        }
        audit.append(new AuditRecord(actor, "incident.opened", subject(id), serviceId, null, shortTitle, "severity " + level));
        metrics.counter("lifeboat.incidents.opened", "service", serviceId == null ? "unmatched" : serviceId).increment();

        VariableMap variables = Variables.createVariables();
        INCIDENT_ID.put(variables, id);
        SERVICE_ID.put(variables, serviceId);
        TIER.put(variables, service.map(ServiceDefinition::tier).orElse(null));
        SEVERITY.put(variables, level);
        if (service.isEmpty()) {
            TRIAGE_CHOICES.put(variables, triageChoices());
        }
        ALERTS_SUMMARY.put(variables, alertsSummary(id));
        ProcessInstance instance = runtime.startProcessInstanceByKey(IncidentRunbook.KEY, id, variables);
        incidents.setProcessInstance(id, instance.getId());
        return require(id);
    }

    /**
     * Joins an alert to its open incident: a new alert is added, a known fingerprint is a repeat or a status change;
     * severity rises to the highest seen; the commander sees when every alert is resolved.
     */
    public void join(String incidentId, Alert alert, String actor) {
        Instant now = clock.instant();
        Incident incident = requireWithoutDetails(incidentId);
        Optional<Incident.IncidentAlert> known = incidents.alert(incidentId, alert.fingerprint());
        if (known.isEmpty()) {
            incidents.addAlert(incidentId, alert, now);
            incidents.addTimeline(incidentId, now, actor, "alert", describe(alert));
        } else {
            incidents.updateAlert(incidentId, alert, known.get().status(), now);
            boolean statusChanged = !known.get().status().equals(alert.status().name());
            incidents.addTimeline(incidentId, now, actor, statusChanged ? "alert-" + alert.status().name().toLowerCase() : "alert-repeat",
                    (statusChanged ? "" : "repeat: ") + describe(alert));
        }
        String severity = Severity.highest(incident.severity(), alert.severity());
        if (!severity.equals(incident.severity())) {
            incidents.raiseSeverity(incidentId, severity);
            incidents.addTimeline(incidentId, now, actor, "severity", "severity raised from " + incident.severity() + " to " + severity);
        }
        boolean allResolved = incidents.markAlertsResolvedState(incidentId);
        if (allResolved && !incident.allAlertsResolved()) {
            incidents.addTimeline(incidentId, now, actor, "alerts-resolved", "every alert of the incident is resolved");
        }
        // only what changed: each variable set is an update and, with full history, a history row, on every alert
        VariableMap shown = Variables.createVariables();
        if (allResolved != incident.allAlertsResolved()) {
            ALL_ALERTS_RESOLVED.put(shown, allResolved);
        }
        if (!severity.equals(incident.severity())) {
            SEVERITY.put(shown, severity);
        }
        ALERTS_SUMMARY.put(shown, alertsSummary(incidentId));
        if (showIfRunning(incident, shown) && !severity.equals(incident.severity())) {
            renameOpenTasks(incident, severity);
        }
    }

    /** The open incident an alert belongs to: its service's, or for unmatched alerts the one holding its fingerprint. */
    public Optional<String> openIncidentFor(String serviceId, Alert alert) {
        return serviceId != null ? incidents.openIncidentOf(serviceId) : incidents.openIncidentWithAlert(alert.fingerprint());
    }

    /**
     * Refuses a triage answer that is neither {@link IncidentRunbook#DISMISS} nor a catalog service without an open
     * incident, so the commander's task stays open and says why.
     */
    public void checkTriage(String choice) {
        if (IncidentRunbook.DISMISS.equals(choice)) {
            return;
        }
        ServiceDefinition service = catalog.find(choice == null ? "" : choice).orElseThrow(() -> new RefusedAnswer(TRIAGE_SERVICE.name(),
                "'" + choice + "' is not a service of the catalog; choose one of " + catalog.services().stream()
                        .map(ServiceDefinition::id).toList() + " or '" + IncidentRunbook.DISMISS + "'"));
        incidents.openIncidentOf(service.id()).ifPresent(open -> {
            throw new RefusedAnswer(TRIAGE_SERVICE.name(), service.id() + " already has open incident " + open
                    + "; dismiss this one or resolve that one first");
        });
    }

    /** Triage chose a service (checked by {@link #checkTriage}). @return the service's tier for the classification */
    public int assignService(String incidentId, String serviceId, String actor) {
        ServiceDefinition service = catalog.require(serviceId);
        incidents.assignService(incidentId, service.id());
        String text = "triage: assigned to " + label(service);
        incidents.addTimeline(incidentId, clock.instant(), actor, "decision", text);
        audit.append(new AuditRecord(actor, "incident.triaged", subject(incidentId), service.id(), null, null, text));
        return service.tier();
    }

    public void dismiss(String incidentId, String actor) {
        Instant now = clock.instant();
        incidents.resolve(incidentId, now);
        String text = "triage: not ours, dismissed; no service of the catalog affected";
        incidents.addTimeline(incidentId, now, actor, "decision", text);
        audit.append(new AuditRecord(actor, "incident.dismissed", subject(incidentId), null, null, null, text));
    }

    public void recordClassification(String incidentId, String severity, Integer tier, String backupKind, boolean page,
                                     boolean continuity) {
        String text = "classified " + severity + " on tier " + tier + ": emergency backup " + backupKind
                + (page ? ", page the commander" : "") + (continuity ? ", propose a continuity event" : "");
        incidents.addTimeline(incidentId, clock.instant(), RUNBOOK, "classification", text);
        Incident incident = require(incidentId);
        audit.append(new AuditRecord(RUNBOOK, "incident.classified", subject(incidentId), incident.service(), null, null, text));
        milestones.reached(incidentId, IncidentMilestone.Kind.CLASSIFIED, RUNBOOK, text,
                IncidentMilestones.Details.classification(page, backupKind));
    }

    /**
     * Starts the emergency backup, or takes over the service's running one (one backup per service at a time).
     * Emergency backups go through blackout windows, so the request is never refused.
     *
     * @param method        what the classification chose, or null (a commander's request) for the policy's method
     * @param storageTarget where it goes, as the commander chose after a failed one; null: the policy's
     */
    public EmergencyBackup startEmergencyBackup(String incidentId, BackupMethod method, String actor, String justification,
                                                String storageTarget) {
        Incident incident = require(incidentId);
        ServiceDefinition service = catalog.require(incident.service());
        String reason = "incident " + incidentId + ": " + justification;
        BackupService.Outcome outcome = backupService.request(service.id(), BackupTrigger.EMERGENCY, reason, actor, incidentId,
                storageTarget, method);
        String backupId = outcome instanceof BackupService.Outcome.AlreadyRunning running ? running.runningBackupId()
                : ((BackupService.Outcome.Started) outcome).backupId();
        BackupStatus status = backups.find(backupId).map(BackupRecord::status).orElse(BackupStatus.RUNNING);
        incidents.addTimeline(incidentId, clock.instant(), actor, "backup", (outcome instanceof BackupService.Outcome.AlreadyRunning
                ? "emergency backup: joined running backup "
                : (method == null ? "manual" : method.value()) + " emergency backup started: ") + backupId
                + " (" + justification + ")");
        audit.append(new AuditRecord(actor, "incident.emergency-backup", subject(incidentId), service.id(),
                BackupTrigger.EMERGENCY.value(), justification, "backup " + backupId));
        return new EmergencyBackup(backupId, status, service.rpo());
    }

    /** The emergency backup outlasted the RPO: operators are called in (their task follows in the runbook). */
    public void backupOverdue(String incidentId, String backupId, String rpoBudget) {
        Incident incident = require(incidentId);
        String text = "emergency backup " + backupId + " still running after the RPO budget "
                + Readable.duration(Duration.parse(rpoBudget)) + "; operators called in";
        incidents.addTimeline(incidentId, clock.instant(), RUNBOOK, "escalation", text);
        audit.append(new AuditRecord(RUNBOOK, "incident.backup-overdue", subject(incidentId), incident.service(),
                BackupTrigger.EMERGENCY.value(), null, text));
        metrics.counter("lifeboat.incident.backup.overdue", "service", incident.service()).increment();
    }

    /**
     * What the commander needs to decide, for the assess form: the last verified backup from before the incident
     * opened (a backup holds the data as of its start, so its age then is what the RPO measures), and apart from it
     * the emergency backup taken for the incident.
     *
     * @param emergencyBackupId null when the classification asked for none
     */
    public Assessment assessment(String incidentId, String emergencyBackupId) {
        Incident incident = requireWithoutDetails(incidentId);
        ServiceDefinition service = catalog.require(incident.service());
        List<String> dependents = catalog.usedBy(service.id()).stream()
                .map(id -> catalog.find(id).map(IncidentService::label).orElse(id)).toList();
        Optional<BackupRecord> lastGood = backups.list(service.id(), BackupStatus.SUCCEEDED).stream()
                .filter(BackupRecord::verified).filter(backup -> !backup.deleted())
                .filter(backup -> backup.restorePoint().isBefore(incident.openedAt()))
                .max(Comparator.comparing(BackupRecord::restorePoint));
        String lastGoodText = lastGood.map(backup -> {
            Duration age = Duration.between(backup.restorePoint(), incident.openedAt());
            boolean within = age.compareTo(service.rpo()) <= 0;
            return backup.id() + ", data read " + Readable.time(backup.restorePoint()) + ": " + Readable.duration(age)
                    + " old when the incident opened; RPO " + Readable.duration(service.rpo())
                    + (within ? ", within it" : ", EXCEEDED by " + Readable.duration(age.minus(service.rpo())));
        }).orElse("none: no verified backup of " + service.id() + " from before the incident");
        String emergency = emergencyBackupId == null ? "none: the classification asked for no emergency backup"
                : backups.find(emergencyBackupId).map(this::describeEmergencyBackup).orElse(emergencyBackupId + ": no record");
        return new Assessment(dependents.isEmpty() ? "none" : String.join("; ", dependents), alertsSummary(incidentId),
                lastGoodText, emergency, incident.allAlertsResolved());
    }

    private String describeEmergencyBackup(BackupRecord backup) {
        Duration took = Duration.between(backup.startedAt(), backup.finishedAt() == null ? clock.instant() : backup.finishedAt());
        return backup.id() + ": " + switch (backup.status()) {
            case RUNNING -> "RUNNING for " + Readable.duration(took) + " since " + Readable.time(backup.startedAt());
            case SUCCEEDED -> "SUCCEEDED, " + (backup.verified() ? "verified" : "NOT verified")
                    + (backup.bytes() == null ? "" : ", " + Readable.bytes(backup.bytes())) + ", took " + Readable.duration(took)
                    + ", finished " + Readable.time(backup.finishedAt());
            case FAILED -> "FAILED after " + Readable.duration(took) + ": " + (backup.error() == null ? "no reason recorded" : backup.error());
        };
    }

    /** Closes the incident and opens its post-mortem, in one step. */
    public void resolve(String incidentId, String resolution, String actor) {
        Instant now = clock.instant();
        Incident incident = require(incidentId);
        incidents.resolve(incidentId, now);
        incidents.addTimeline(incidentId, now, actor, "resolved", "resolved: " + resolution);
        audit.append(new AuditRecord(actor, "incident.resolved", subject(incidentId), incident.service(), null, resolution, null));
        milestones.reached(incidentId, IncidentMilestone.Kind.RESOLVED, actor, resolution, IncidentMilestones.Details.none());
        VariableMap variables = Variables.createVariables();
        PostMortemRunbook.Variables.INCIDENT_ID.put(variables, incidentId);
        PostMortemRunbook.Variables.SERVICE_ID.put(variables, incident.service());
        PostMortemRunbook.Variables.SEVERITY.put(variables, incident.severity());
        runtime.startProcessInstanceByKey(PostMortemRunbook.KEY, incidentId, variables);
    }

    /**
     * A person's decision on one of the incident's tasks: on its timeline and in the audit trail, under their name.
     *
     * @param action the audit event, e.g. {@code incident.assessed}
     * @param notes  what they wrote, null when nothing
     */
    public void recordDecision(String incidentId, String actor, String action, String decision, String notes) {
        String text = decision + (notes == null || notes.isBlank() ? "" : ": " + notes.strip());
        incidents.addTimeline(incidentId, clock.instant(), actor, "decision", text);
        audit.append(new AuditRecord(actor, action, subject(incidentId), requireWithoutDetails(incidentId).service(), null,
                notes == null || notes.isBlank() ? null : notes.strip(), decision));
    }

    /**
     * An entry on the incident's timeline by something outside this package, e.g. a connector saying it is not
     * configured.
     *
     * @param kind what the entry is, e.g. {@code connector}; at most 40 characters
     * @throws UnknownIncidentException for an unknown incident
     */
    public void noteOnTimeline(String incidentId, String actor, String kind, String text) {
        requireWithoutDetails(incidentId);
        incidents.addTimeline(incidentId, clock.instant(), actor, kind, text);
    }

    public Optional<Incident> find(String incidentId) {
        return incidents.find(incidentId);
    }

    public List<Incident> list(String serviceId, IncidentState state) {
        return incidents.list(serviceId, state);
    }

    private Incident require(String incidentId) {
        return incidents.find(incidentId).orElseThrow(() -> new UnknownIncidentException(incidentId));
    }

    private Incident requireWithoutDetails(String incidentId) {
        return incidents.findWithoutDetails(incidentId).orElseThrow(() -> new UnknownIncidentException(incidentId));
    }

    /**
     * What the forms show of the alerts: their counts and the newest few, never longer than a process variable's
     * string may be (4,000 characters), however many alerts a storm brings. All of them are in Lifeboat's table.
     */
    String alertsSummary(String incidentId) {
        IncidentRepository.AlertCounts counts = incidents.alertCounts(incidentId);
        if (counts.total() == 0) {
            return "no alerts (declared by hand)";
        }
        List<Incident.IncidentAlert> newest = incidents.newestAlerts(incidentId, ALERTS_SHOWN);
        String heading = counts.total() + (counts.total() == 1 ? " alert: " : " alerts: ") + counts.firing() + " firing, "
                + (counts.total() - counts.firing()) + " resolved"
                + (counts.total() > newest.size() ? "; the newest " + newest.size() + " (all: GET /api/incidents/" + incidentId + ")" : "");
        return heading + newest.stream().map(alert -> "\n" + fit("- " + alert.status().toLowerCase() + " " + alert.severity() + " "
                        + alert.alertname() + (alert.summary() == null ? "" : ": " + alert.summary()) + shownLabels(alert)
                        + (alert.occurrences() > 1 ? " (x" + alert.occurrences() + ")" : ""), ALERT_LINE_LENGTH))
                .collect(Collectors.joining());
    }

    /** Where it fired ({@code instance}, {@code host}, ...): the labels but those the line shows already. */
    private static String shownLabels(Incident.IncidentAlert alert) {
        String labels = alert.labels().entrySet().stream().filter(label -> !LABELS_SHOWN_ELSEWHERE.contains(label.getKey()))
                .map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(", "));
        return labels.isEmpty() ? "" : " [" + labels + "]";
    }

    /** A service as people name it: {@code Ticket database (ticket-db), tier 1}. */
    /** The service by name and tier, as the forms show it. */
    public String serviceLabel(String serviceId) {
        return label(catalog.require(serviceId));
    }

    static String label(ServiceDefinition service) {
        return service.name() + " (" + service.id() + "), tier " + service.tier();
    }

    /** Each catalog service by name and tier, then the explicit way out, for triage's select. */
    private SpinJsonNode triageChoices() {
        SelectOptions choices = new SelectOptions();
        catalog.services().forEach(service -> choices.add(label(service), service.id()));
        return choices.add("Not ours: dismiss", IncidentRunbook.DISMISS).json();
    }

    /**
     * Updates what the commander's forms show, while the incident's runbook is still running.
     *
     * @return whether it is running
     */
    private boolean showIfRunning(Incident incident, VariableMap variables) {
        if (incident.processInstanceId() != null
                && runtime.createProcessInstanceQuery().processInstanceId(incident.processInstanceId()).active().count() == 1) {
            runtime.setVariables(incident.processInstanceId(), variables);
            return true;
        }
        return false;
    }

    /** The severity in the names of the incident's open tasks follows the incident's. */
    private void renameOpenTasks(Incident incident, String severity) {
        for (Task task : tasks.createTaskQuery().processInstanceId(incident.processInstanceId()).list()) {
            FlowElement step = deployments.getBpmnModelInstance(task.getProcessDefinitionId()).getModelElementById(task.getTaskDefinitionKey());
            task.setName(IncidentTaskName.of(step.getName(), incident.id(), incident.service(), severity));
            tasks.saveTask(task);
        }
    }

    private static String describe(Alert alert) {
        return alert.status().name().toLowerCase() + " " + Severity.parse(alert.severity()).value() + " " + alert.alertname()
                + " from " + alert.source() + (alert.summary() == null ? "" : ": " + alert.summary())
                + (alert.status() == AlertStatus.RESOLVED && alert.endsAt() != null ? " (ended " + alert.endsAt() + ")" : "");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String subject(String incidentId) {
        return "incident/" + incidentId;
    }

    /** @param status where the backup stands now; the runbook waits only for a RUNNING one */
    public record EmergencyBackup(String backupId, BackupStatus status, Duration rpo) {
    }

    public record Assessment(String dependents, String alertsSummary, String lastGoodBackup,
                             String emergencyBackup, boolean allAlertsResolved) {
    }
}
