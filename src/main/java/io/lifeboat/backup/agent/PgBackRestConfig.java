package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.lifeboat.agent.spi.AgentException;

/**
 * The cluster's data directory as pgBackRest's configuration names it ({@code pg1-path}), so an in-place restore
 * checks, measures and restores the very directory pgBackRest backs up. Read as pgBackRest reads it: the
 * {@code configFile} alone, or without one {@value #DEFAULT_FILE} and {@code conf.d/*.conf} beside it; the
 * {@code [stanza:restore]} section before {@code [stanza]}, {@code [global:restore]} and {@code [global]}.
 */
final class PgBackRestConfig {

    static final String DEFAULT_FILE = "/etc/pgbackrest/pgbackrest.conf";
    private static final String OPTION = "pg1-path";

    private PgBackRestConfig() {
    }

    static Path dataDirectory(Path configFile, String stanza) throws AgentException {
        List<Path> files = new ArrayList<>();
        if (configFile != null) {
            files.add(configFile);
        } else {
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
        }
        List<String> sections = List.of(stanza + ":restore", stanza, "global:restore", "global");
        String[] found = new String[sections.size()];
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AgentException("cannot read pgBackRest's configuration " + file + " for stanza " + stanza
                        + "'s " + OPTION + ": " + e.getMessage(), false, e);
            }
            String section = null;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1).strip();
                } else if (section != null && !line.startsWith("#") && line.contains("=")
                        && line.substring(0, line.indexOf('=')).strip().equals(OPTION)) {
                    int rank = sections.indexOf(section);
                    if (rank >= 0) {
                        found[rank] = line.substring(line.indexOf('=') + 1).strip();
                    }
                }
            }
        }
        for (String value : found) {
            if (value != null && !value.isEmpty()) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        throw new AgentException("pgBackRest's configuration " + files + " sets no " + OPTION + " for stanza " + stanza, false);
    }
}
