package io.lifeboat.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.lifeboat.catalog.DrillPolicy;
import io.lifeboat.catalog.ServiceDefinition;
import io.lifeboat.check.CheckResult;
import io.lifeboat.text.Readable;

/**
 * What the drill report's template shows, every value already written as text: the template only places and escapes
 * it. A value that may be absent is null and the template's section for it is left out; every other one is set, so a
 * misspelt name in the template fails the rendering instead of leaving a gap.
 */
record DrillReportPage(String id, Verdict verdict, Service service, List<Restored> restored, Backup backup, Start start,
                       NegativeControl negativeControl, List<Check> checks, List<Objective> objectives, Teardown teardown,
                       List<Timing> timings, String state, String processInstanceId) {

    /** The longest bar of the chart, in SVG units; the other bar of the pair is drawn to the same scale. */
    private static final int BAR_LENGTH = 300;
    /** Where the template's bars start, after their labels; a bar's value is written this far after its end. */
    private static final int BAR_START = 90;
    private static final int VALUE_GAP = 6;
    private static final String NOT_YET = "not yet";

    static DrillReportPage of(DrillRecord drill, ServiceDefinition service) {
        return new DrillReportPage(drill.id(), Verdict.of(drill), Service.of(drill.service(), service),
                Restored.of(drill.sandbox(), service), Backup.of(drill), Start.of(drill), NegativeControl.of(drill),
                drill.checks() == null ? List.of() : drill.checks().stream().map(Check::of).toList(), Objective.of(drill), Teardown.of(drill.teardown()),
                Timing.of(drill.timings()), drill.state() == null ? "unknown" : drill.state().value(),
                text(drill.processInstanceId()));
    }

    /** @param value passed, failed, inconclusive or, before there is one, running */
    record Verdict(String value, String reason) {

        static Verdict of(DrillRecord drill) {
            return new Verdict(drill.verdict() == null ? "running" : drill.verdict().value(), drill.reason());
        }
    }

    /** @param tier null when the service has left the catalog since */
    record Service(String id, String name, String tier) {

        static Service of(String id, ServiceDefinition service) {
            return service == null ? new Service(id, "(no longer in the catalog)", null)
                    : new Service(id, service.name(), Integer.toString(service.tier()));
        }
    }

    /** A data source and where the drill restored it; the agent is unknown for one the catalog no longer has. */
    record Restored(String dataSource, String agent, List<Setting> sandbox) {

        /** The catalog's data sources in its order, then any the sandbox names that the catalog no longer has. */
        static List<Restored> of(Map<String, Map<String, Object>> sandbox, ServiceDefinition service) {
            Map<String, String> agents = new LinkedHashMap<>();
            if (service != null) {
                service.dataSources().forEach(source -> agents.put(source.name(), source.agent()));
            }
            Set<String> names = new LinkedHashSet<>(agents.keySet());
            Map<String, Map<String, Object>> where = sandbox == null ? Map.of() : sandbox;
            names.addAll(new TreeMap<>(where).keySet());
            List<Restored> restored = new ArrayList<>();
            for (String name : names) {
                restored.add(new Restored(name, agents.getOrDefault(name, "unknown"), Setting.of(where.get(name))));
            }
            return restored;
        }
    }

    record Setting(String key, String value) {

        /** Sorted by key: the map may come from JSON in any order. */
        static List<Setting> of(Map<String, Object> settings) {
            if (settings == null) {
                return List.of();
            }
            List<Setting> sorted = new ArrayList<>();
            new TreeMap<>(settings).forEach((key, value) -> sorted.add(new Setting(key, String.valueOf(value))));
            return sorted;
        }
    }

    /**
     * @param pointInTime null when the drill restored to the backup's end
     * @param recoveredTo null until the restore measured it
     */
    record Backup(String backupId, String pointInTime, String recoveryPoint, String restoreId, String recoveredTo,
                  String referenceTime) {

        static Backup of(DrillRecord drill) {
            return new Backup(text(drill.backupId()), instant(drill.pointInTime()), recoveryPoint(drill.recoveryPoint()),
                    text(drill.restoreId()), instant(drill.recoveredTo()), orNotYet(drill.referenceTime()));
        }

        private static String recoveryPoint(String mode) {
            if (mode == null) {
                return "unknown";
            }
            return switch (mode) {
                case DrillPolicy.LATEST -> "latest: the newest verified backup";
                case DrillPolicy.RANDOM -> "random: a verified backup of the last 30 days, picked at random";
                case "backup" -> "backup: asked for by its id";
                case "point-in-time" -> "point-in-time: asked for by a point in time";
                default -> mode;
            };
        }
    }

    /** @param how the trigger, and for a retry the drill it retries */
    record Start(String requestedBy, String how) {

        static Start of(DrillRecord drill) {
            String trigger = drill.trigger() == null ? "unknown" : drill.trigger();
            String how = switch (trigger) {
                case "api" -> "api: asked for through the API";
                case "schedule" -> "schedule: started by the drill policy";
                case "retry" -> "retry: of inconclusive drill " + text(drill.retryOf());
                default -> trigger;
            };
            return new Start(text(drill.requestedBy()), how);
        }
    }

    /** Null for a drill that is not a negative control: the template then says so. */
    record NegativeControl(List<SandboxDamage> damage) {

        static NegativeControl of(DrillRecord drill) {
            return drill.negativeControl() ? new NegativeControl(drill.damage() == null ? List.of() : drill.damage()) : null;
        }
    }

    record Check(String name, String type, String result, String evidence, String time) {

        static Check of(CheckResult check) {
            String result = check.passed() ? "passed" : check.skipped() ? "skipped" : "failed";
            return new Check(text(check.name()), text(check.type()), result, text(check.evidence()), millis(check.millis()));
        }

        private static String millis(long millis) {
            return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
    }

    /**
     * RTO or RPO: measured against the objective, with the lengths of their two bars in the chart.
     *
     * @param measured      null when not measured (the RTO of a drill whose checks did not all pass)
     * @param measuredBar   0 when not measured
     * @param outcome       met, missed or not measured
     * @param outcomeClass  the outcome as a CSS class name
     * @param measuredTextX where the measured value is written: just after its bar
     */
    record Objective(String label, String measured, String objective, String outcome, String outcomeClass,
                     int measuredBar, int objectiveBar, int measuredTextX, int objectiveTextX) {

        static List<Objective> of(DrillRecord drill) {
            DrillRecord.Objectives objectives = drill.objectives();
            if (objectives == null) {
                return List.of();
            }
            return List.of(of("RTO", drill.rtoSeconds(), objectives.rto(), objectives.rtoMet()),
                    of("RPO", drill.rpoSeconds(), objectives.rpo(), objectives.rpoMet()));
        }

        private static Objective of(String label, Long measuredSeconds, String objective, Boolean met) {
            long objectiveSeconds = Duration.parse(objective).toSeconds();
            long longest = Math.max(1, Math.max(objectiveSeconds, measuredSeconds == null ? 0 : measuredSeconds));
            int measuredBar = measuredSeconds == null ? 0 : bar(measuredSeconds, longest);
            int objectiveBar = bar(objectiveSeconds, longest);
            String outcome = met == null ? "not measured" : met ? "met" : "missed";
            return new Objective(label,
                    measuredSeconds == null ? null : Readable.duration(Duration.ofSeconds(measuredSeconds)),
                    objective + " (" + Readable.duration(Duration.ofSeconds(objectiveSeconds)) + ")", outcome,
                    outcome.replace(' ', '-'), measuredBar, objectiveBar, BAR_START + measuredBar + VALUE_GAP,
                    BAR_START + objectiveBar + VALUE_GAP);
        }

        private static int bar(long seconds, long longest) {
            return (int) Math.round((double) seconds * BAR_LENGTH / longest);
        }
    }

    /** @param outcome removed, left behind or not yet run */
    record Teardown(String outcome, String detail) {

        static Teardown of(DrillRecord.Teardown teardown) {
            if (teardown == null || teardown.succeeded() == null) {
                return new Teardown("not run yet", teardown == null ? null : teardown.detail());
            }
            return new Teardown(teardown.succeeded() ? "sandbox removed" : "FAILED: sandbox left behind", teardown.detail());
        }
    }

    /** @param took from the start of the step before, for the ends of the restore, the checks and the drill */
    record Timing(String step, String at, String took) {

        static List<Timing> of(DrillRecord.Timings timings) {
            if (timings == null) {
                return List.of();
            }
            return List.of(
                    new Timing("drill started", orNotYet(timings.startedAt()), null),
                    new Timing("restore started", orNotYet(timings.restoreStartedAt()), null),
                    new Timing("restore finished", orNotYet(timings.restoreFinishedAt()),
                            took(timings.restoreStartedAt(), timings.restoreFinishedAt())),
                    new Timing("checks started", orNotYet(timings.checksStartedAt()), null),
                    new Timing("checks finished", orNotYet(timings.checksFinishedAt()),
                            took(timings.checksStartedAt(), timings.checksFinishedAt())),
                    new Timing("drill finished", orNotYet(timings.finishedAt()),
                            took(timings.startedAt(), timings.finishedAt())));
        }

        private static String took(Instant from, Instant to) {
            return from == null || to == null ? null : Readable.duration(Duration.between(from, to));
        }
    }

    /** ISO-8601 in UTC, as the API writes instants, so the printed report and the JSON say the same. */
    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String orNotYet(Instant instant) {
        return instant == null ? NOT_YET : instant.toString();
    }

    /** A text the template always shows: a dash when the record has none. */
    private static String text(String value) {
        return value == null ? "-" : value;
    }
}
