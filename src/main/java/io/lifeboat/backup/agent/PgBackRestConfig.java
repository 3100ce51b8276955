package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.DataFootprint;

/**
 * pgBackRest's configuration as pgBackRest reads it: the {@code configFile} alone, or without one {@value #DEFAULT_FILE}
 * and {@code conf.d/*.conf} beside it. An in-place restore takes the cluster's data directory from it ({@code pg1-path},
 * the {@code [stanza:restore]} section before {@code [stanza]}, {@code [global:restore]} and {@code [global]}), so it
 * checks, measures and restores the very directory pgBackRest backs up; a drill's guard takes every data directory,
 * port and repository path it names.
 */
final class PgBackRestConfig {

    static final String DEFAULT_FILE = "/etc/pgbackrest/pgbackrest.conf";
    private static final String DATA_DIRECTORY = "pg1-path";
    private static final Pattern CLUSTER_PATH = Pattern.compile("pg(\\d+)-path");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("repo(\\d+)-path");
    /** Repository types whose path is a directory on this host; s3, gcs, azure and sftp paths are elsewhere. */
    private static final Set<String> LOCAL_REPOSITORIES = Set.of("posix", "cifs");
    private static final String LOCAL_HOST = "localhost";
    private static final int DEFAULT_PORT = 5432;

    private final List<Path> files;
    /** Per section, its options; a later value of an option in reading order wins, as in pgBackRest. */
    private final Map<String, Map<String, String>> sections;

    private PgBackRestConfig(List<Path> files, Map<String, Map<String, String>> sections) {
        this.files = files;
        this.sections = sections;
    }

    static Path dataDirectory(Path configFile, String stanza) throws AgentException {
        PgBackRestConfig config = read(files(configFile), stanza);
        for (String section : List.of(stanza + ":restore", stanza, "global:restore", "global")) {
            String value = config.sections.getOrDefault(section, Map.of()).get(DATA_DIRECTORY);
            if (value != null && !value.isEmpty()) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        throw new AgentException("pgBackRest's configuration " + config.files + " sets no " + DATA_DIRECTORY + " for stanza "
                + stanza, false);
    }

    /**
     * Every data directory ({@code pgN-path}) and local repository ({@code repoN-path} of type posix or cifs) the
     * stanza's and the global sections name, for any command, and each cluster's host ({@code pgN-host}, else this
     * one) and port ({@code pgN-port}, else 5432). Without a configuration file on this host the stanza is not here.
     */
    static DataFootprint footprint(Path configFile, String stanza) throws AgentException {
        List<Path> present = new ArrayList<>();
        for (Path file : files(configFile)) {
            if (Files.exists(file)) {
                present.add(file);
            }
        }
        if (present.isEmpty()) {
            return new DataFootprint(List.of(), List.of());
        }
        Map<String, List<String>> options = read(present, stanza).optionsOf(stanza);
        List<Path> paths = new ArrayList<>();
        List<DataFootprint.Server> servers = new ArrayList<>();
        options.forEach((option, values) -> {
            Matcher cluster = CLUSTER_PATH.matcher(option);
            Matcher repository = REPOSITORY_PATH.matcher(option);
            if (cluster.matches()) {
                values.forEach(value -> paths.add(Path.of(value).toAbsolutePath().normalize()));
                String host = first(options, "pg" + cluster.group(1) + "-host", LOCAL_HOST);
                for (String port : options.getOrDefault("pg" + cluster.group(1) + "-port", List.of(Integer.toString(DEFAULT_PORT)))) {
                    if (port.matches("\\d{1,5}")) {
                        servers.add(new DataFootprint.Server(host, Integer.parseInt(port), null));
                    }
                }
            } else if (repository.matches()
                    && LOCAL_REPOSITORIES.contains(first(options, "repo" + repository.group(1) + "-type", "posix"))) {
                values.forEach(value -> paths.add(Path.of(value).toAbsolutePath().normalize()));
            }
        });
        return new DataFootprint(paths, servers);
    }

    /** Each option's values in the stanza's sections and then the global ones, for any command. */
    private Map<String, List<String>> optionsOf(String stanza) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (String prefix : List.of(stanza, "global")) {
            sections.forEach((section, values) -> {
                if (section.equals(prefix) || section.startsWith(prefix + ":")) {
                    values.forEach((option, value) -> {
                        if (!value.isEmpty()) {
                            options.computeIfAbsent(option, key -> new ArrayList<>()).add(value);
                        }
                    });
                }
            });
        }
        return options;
    }

    private static String first(Map<String, List<String>> options, String option, String fallback) {
        List<String> values = options.get(option);
        return values == null ? fallback : values.get(0);
    }

    private static List<Path> files(Path configFile) throws AgentException {
        List<Path> files = new ArrayList<>();
        if (configFile != null) {
            files.add(configFile);
            return files;
        }
        Path main = Path.of(DEFAULT_FILE);
        files.add(main);
        Path includes = main.resolveSibling("conf.d");
        if (Files.isDirectory(includes)) {
            try (Stream<Path> list = Files.list(includes)) {
                list.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new AgentException("cannot list " + includes + ": " + e.getMessage(), false, e);
            }
        }
        return files;
    }

    private static PgBackRestConfig read(List<Path> files, String stanza) throws AgentException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AgentException("cannot read pgBackRest's configuration " + file + " for stanza " + stanza + ": "
                        + e.getMessage(), false, e);
            }
            String section = null;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1).strip();
                } else if (section != null && !line.startsWith("#") && line.contains("=")) {
                    sections.computeIfAbsent(section, name -> new LinkedHashMap<>())
                            .put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
                }
            }
        }
        return new PgBackRestConfig(List.copyOf(files), sections);
    }
}
