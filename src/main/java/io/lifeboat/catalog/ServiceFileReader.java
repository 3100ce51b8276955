package io.lifeboat.catalog;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;

/** Reads and checks one {@code services/<id>.yaml}; what needs the other files (ids, dependencies) is the loader's. */
final class ServiceFileReader {

    private static final List<String> FIELDS = List.of("id", "name", "tier", "ownerGroup", "rto", "rpo", "mtd",
            "dependsOn", "dataSources", "backupPolicy", "hooks", "drillChecks", "drillPolicy", "alertMatchers", "serviceNow");
    private static final List<String> DATA_SOURCE_FIELDS = List.of("name", "agent", "settings");
    private static final List<String> ALERT_MATCHER_FIELDS = List.of("labels");
    private static final List<String> SERVICE_NOW_FIELDS = List.of("ci", "assignmentGroup");
    private static final List<String> HOOK_FIELDS = List.of("healthCheck", "quiesce", "thaw", "beforeRestore", "afterRestore");
    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
    /** Settings that hold a secret must reference it, so the catalog, its API and the logs never carry the value. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passphrase|secret|token|credential).*");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{(env|file):[^}]+}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, BackupAgent> agents;
    private final BackupPolicyReader policyReader;
    private final Path runbooksDir;

    ServiceFileReader(Map<String, BackupAgent> agents, BackupPolicyReader policyReader, Path runbooksDir) {
        this.agents = agents;
        this.policyReader = policyReader;
        this.runbooksDir = runbooksDir;
    }

    /**
     * @return the service as far as it could be read (a field with a problem is null), or empty when the file is not
     *         a YAML mapping at all
     */
    Optional<ServiceDefinition> read(Path file, FileProblems problems) {
        return parse(file, problems)
                .flatMap(root -> YamlMapping.of(root, "", problems, FIELDS))
                .map(service -> service(service, baseName(file), problems.file()));
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static Optional<JsonNode> parse(Path file, FileProblems problems) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode root = YAML.readTree(reader);
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add(null, "the file is empty");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            reportSyntaxError(e, problems);
            return Optional.empty();
        } catch (IOException e) {
            problems.add(null, "cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void reportSyntaxError(JsonProcessingException e, FileProblems problems) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // the problem and where it is; YAML's full message adds a context ("while parsing ...") and a copy of the line
            Mark mark = yaml.getProblemMark();
            problems.add("line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1), yaml.getProblem());
            return;
        }
        JsonLocation location = e.getLocation();
        problems.add(location == null ? null : "line " + location.getLineNr() + ", column " + location.getColumnNr(),
                e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"));
    }

    private ServiceDefinition service(YamlMapping service, String baseName, String file) {
        String id = id(service, baseName);
        Integer tier = tier(service);
        Duration rto = service.duration("rto", true);
        Duration rpo = service.duration("rpo", true);
        Duration mtd = service.duration("mtd", true);
        if (rto != null && mtd != null && rto.compareTo(mtd) > 0) {
            service.problem("rto", "rto " + rto + " is longer than mtd " + mtd
                    + ": recovery would outlast the maximum tolerable downtime");
        }
        BackupPolicy policy = service.mapping("backupPolicy", true, BackupPolicyReader.FIELDS)
                .map(policyReader::read).orElse(null);
        if (rpo != null && policy != null && policy.schedule() != null) {
            Duration interval = policy.schedule().longestInterval();
            if (rpo.compareTo(interval) < 0) {
                service.problem("rpo", "rpo " + rpo + " is shorter than the schedule's interval " + interval
                        + ": a backup every " + interval + " can lose up to " + interval + " of data");
            }
        }
        List<DataSource> dataSources = dataSources(service, policyReader.s3Targets(policy));
        checkMethodIsHonoured(service, id == null ? baseName : id, policy, dataSources);
        String name = service.text("name", true);
        String ownerGroup = service.text("ownerGroup", true);
        List<String> dependsOn = dependsOn(service);
        Hooks hooks = service.mapping("hooks", false, HOOK_FIELDS).map(this::hooks).orElse(Hooks.NONE);
        List<DrillCheck> drillChecks = drillChecks(service, dataSources);
        int knownTier = tier == null ? 0 : tier;
        DrillPolicy drillPolicy = DrillPolicyReader.read(service.mapping("drillPolicy", false, DrillPolicyReader.FIELDS),
                knownTier, drillChecks);
        return new ServiceDefinition(id, name, knownTier, ownerGroup, rto, rpo, mtd, dependsOn, dataSources, policy, hooks,
                drillChecks, drillPolicy, alertMatchers(service),
                service.mapping("serviceNow", false, SERVICE_NOW_FIELDS).map(link -> serviceNow(service, link)).orElse(null),
                file);
    }

    private static String id(YamlMapping service, String baseName) {
        String id = service.text("id", true);
        if (id == null) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            service.problem("id", "'" + id + "' is not a valid id (lower-case letters, digits and '-' only)");
        } else if (!id.equals(baseName)) {
            service.problem("id", "'" + id + "' must equal the file's base name '" + baseName + "'");
        }
        return id;
    }

    private static Integer tier(YamlMapping service) {
        Integer tier = service.integer("tier", true);
        if (tier != null && tier < 1) {
            service.problem("tier", "must be 1 or more (1 = most critical), not " + tier);
            return null;
        }
        return tier;
    }

    private static List<String> dependsOn(YamlMapping service) {
        List<String> dependsOn = service.texts("dependsOn", false);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dependsOn.size(); i++) {
            String dependency = dependsOn.get(i);
            if (dependency != null && !seen.add(dependency)) {
                service.problem("dependsOn[" + i + "]", "'" + dependency + "' is listed twice");
            }
        }
        // kept as written (a bad element is null) so later problems name the right index; with any problem the
        // catalog is refused, so these lists never reach it
        return Collections.unmodifiableList(dependsOn);
    }

    /** @param s3Targets the S3 storage targets the service's backups go to, which every data source must reach */
    private List<DataSource> dataSources(YamlMapping service, List<String> s3Targets) {
        List<YamlMapping> mappings = service.mappings("dataSources", true, DATA_SOURCE_FIELDS);
        List<DataSource> dataSources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlMapping mapping : mappings) {
            String name = mapping.text("name", true);
            if (name != null && !names.add(name)) {
                mapping.problem("name", "another data source of this service is also named '" + name + "'");
            }
            Map<String, Object> settings = mapping.mapping("settings", false, null)
                    .map(YamlMapping::entries).orElse(Map.of());
            checkSecretsAreReferences(mapping, "settings", settings);
            String agent = agent(mapping, settings);
            if (agent != null && agents.containsKey(agent) && !s3Targets.isEmpty()) {
                agents.get(agent).unfitForObjectStorage(settings).ifPresent(reason -> mapping.problem("settings",
                        "storage target " + String.join(" and ", s3Targets) + " is an S3 bucket, but " + reason));
            }
            dataSources.add(new DataSource(name, agent, settings));
        }
        return List.copyOf(dataSources);
    }

    /**
     * Every data source's agent must make the policy's method: an agent asked for another makes what it can, so the
     * policy would promise backups that never happen.
     */
    private void checkMethodIsHonoured(YamlMapping service, String id, BackupPolicy policy, List<DataSource> dataSources) {
        if (policy == null || policy.method() == null) {
            return;
        }
        for (DataSource dataSource : dataSources) {
            BackupAgent agent = agents.get(dataSource.agent());
            if (agent != null && !agent.honouredMethods().contains(policy.method())) {
                service.problem("backupPolicy.method", "'" + policy.method().value() + "' is not honoured by agent '"
                        + agent.name() + "' of data source '" + dataSource.name() + "' of service '" + id + "', which makes "
                        + agent.honouredMethods().stream().sorted().map(BackupMethod::value).collect(Collectors.joining(" or "))
                        + " backups only");
            }
        }
    }

    private String agent(YamlMapping dataSource, Map<String, Object> settings) {
        String name = dataSource.text("agent", true);
        if (name == null) {
            return null;
        }
        BackupAgent agent = agents.get(name);
        if (agent == null) {
            dataSource.problem("agent", "unknown agent '" + name + "'; known agents: "
                    + BackupPolicyReader.namesOrNone(agents.keySet()));
            return name;
        }
        try {
            agent.validate(settings).forEach(problem -> dataSource.problem("settings", problem));
        } catch (RuntimeException e) {
            // a faulty agent must not hide which file it choked on
            dataSource.problem("settings", "agent '" + name + "' failed to check them: " + e);
        }
        return name;
    }

    private static void checkSecretsAreReferences(YamlMapping owner, String field, Map<?, ?> settings) {
        settings.forEach((key, value) -> {
            String path = field.isEmpty() ? key.toString() : field + "." + key;
            if (value instanceof Map<?, ?> nested) {
                checkSecretsAreReferences(owner, path, nested);
            } else if (value != null && SECRET_KEY.matcher(key.toString()).matches()
                    && !(value instanceof String text && SECRET_REFERENCE.matcher(text).matches())) {
                // never echo the value: it may be the secret itself
                owner.problem(path, "a secret must be given as a reference (${env:NAME} or ${file:path}), not as the value");
            }
        });
    }

    private Hooks hooks(YamlMapping hooks) {
        return new Hooks(hook(hooks, "healthCheck"), hook(hooks, "quiesce"), hook(hooks, "thaw"),
                hook(hooks, "beforeRestore"), hook(hooks, "afterRestore"));
    }

    private String hook(YamlMapping hooks, String field) {
        return runbooksFile(hooks, field, false, runbooksDir);
    }

    /** A file of the runbooks directory, such as a Groovy script, relative to it; reported when outside it or missing. */
    static String runbooksFile(YamlMapping mapping, String field, boolean required, Path runbooksDir) {
        String path = mapping.text(field, required);
        if (path == null) {
            return null;
        }
        Path file = runbooksDir.resolve(path).normalize();
        if (!file.startsWith(runbooksDir)) {
            mapping.problem(field, "'" + path + "' is outside the runbooks directory");
        } else if (!Files.isRegularFile(file)) {
            mapping.problem(field, "file '" + path + "' does not exist in " + runbooksDir);
        }
        return path;
    }

    /** Both fields are references ServiceNow resolves; an empty block would silently mean "no link". */
    private static ServiceNowLink serviceNow(YamlMapping service, YamlMapping link) {
        String ci = serviceNowReference(link, "ci");
        String assignmentGroup = serviceNowReference(link, "assignmentGroup");
        if (!link.has("ci") && !link.has("assignmentGroup")) {
            service.problem("serviceNow", "must name ci, assignmentGroup or both, e.g. {ci: ticket-db, assignmentGroup: DBA}");
        }
        return new ServiceNowLink(ci, assignmentGroup);
    }

    private static String serviceNowReference(YamlMapping link, String field) {
        String value = link.text(field, false);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            link.problem(field, "must not be blank: give a sys_id or a name");
            return null;
        }
        // an encoded query cannot hold '^', and a reference field holds at most a name's 100 characters
        if (value.contains("^") || value.strip().length() > 100) {
            link.problem(field, "'" + value + "' is not a sys_id or name ServiceNow can look up (at most 100 characters, no '^')");
            return null;
        }
        return value.strip();
    }

    private static List<Map<String, String>> alertMatchers(YamlMapping service) {
        List<Map<String, String>> matchers = new ArrayList<>();
        for (YamlMapping matcher : service.mappings("alertMatchers", false, ALERT_MATCHER_FIELDS)) {
            matcher.mapping("labels", true, null).ifPresent(labels -> {
                Map<String, String> values = labels.values();
                if (values.isEmpty()) {
                    // an empty matcher would match every alert and swallow them all into this service
                    matcher.problem("labels", "must name at least one label, e.g. {job: ticketdb}");
                }
                matchers.add(values);
            });
        }
        return List.copyOf(matchers);
    }

    private List<DrillCheck> drillChecks(YamlMapping service, List<DataSource> dataSources) {
        DrillCheckReader reader = new DrillCheckReader(
                dataSources.stream().map(DataSource::name).filter(Objects::nonNull).collect(Collectors.toSet()), runbooksDir);
        List<DrillCheck> checks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlMapping check : service.mappings("drillChecks", false, null)) {
            DrillCheck drillCheck = reader.read(check);
            checkSecretsAreReferences(check, "", drillCheck.settings());
            // results, evidence and a drill's report name checks by name: two alike could not be told apart
            if (drillCheck.name() != null && !names.add(drillCheck.name())) {
                check.problem(DrillCheck.NAME, "another drill check of this service is also named '" + drillCheck.name() + "'");
            }
            checks.add(drillCheck);
        }
        return List.copyOf(checks);
    }
}
