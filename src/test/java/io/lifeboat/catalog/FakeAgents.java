package io.lifeboat.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.agent.spi.BackupMethod;
import io.lifeboat.agent.spi.DataFootprint;
import io.lifeboat.agent.spi.ProgressListener;
import io.lifeboat.agent.spi.RestoredData;
import io.lifeboat.agent.spi.RestoreSpec;
import io.lifeboat.agent.spi.Snapshot;
import io.lifeboat.agent.spi.SourceLocation;
import io.lifeboat.agent.spi.Verification;

/**
 * Agents that only check settings, with the settings and backup methods of the real files and restic agents; and a
 * database agent whose restored data is a real database, for the checks run on restored data.
 */
public final class FakeAgents {

    private FakeAgents() {
    }

    static List<BackupAgent> filesAndRestic() {
        return List.of(files(), restic());
    }

    static BackupAgent files() {
        return agent("files", Set.of(BackupMethod.FULL), settings -> {
            List<String> problems = new ArrayList<>();
            if (!(settings.get("path") instanceof String)) {
                problems.add("path: required, a directory relative to the runbooks directory");
            }
            Object compression = settings.getOrDefault("compression", "gzip");
            if (!Set.of("gzip", "zstd").contains(compression)) {
                problems.add("compression: '" + compression + "' is not gzip or zstd");
            }
            return problems;
        });
    }

    static BackupAgent restic() {
        return agent("restic", Set.of(BackupMethod.INCREMENTAL), settings -> {
            List<String> problems = new ArrayList<>();
            if (!(settings.get("paths") instanceof List<?> paths) || paths.isEmpty()) {
                problems.add("paths: required, a list of directories");
            }
            if (settings.get("passwordRef") == null) {
                problems.add("passwordRef: required");
            }
            return problems;
        });
    }

    /**
     * A pgdump-like agent whose restored data is {@code restored}: {@code connect} opens a connection to it, and
     * fails as an agent does when the database cannot be reached.
     */
    public static BackupAgent database(String name, javax.sql.DataSource restored) {
        return new Fake(name, Set.of(BackupMethod.FULL), settings -> List.of()) {
            @Override
            public Connection connect(SourceLocation source, RestoredData data) throws AgentException {
                try {
                    return restored.getConnection();
                } catch (SQLException e) {
                    throw new AgentException("cannot connect to " + data.location() + ": " + e.getMessage(), true, e);
                }
            }
        };
    }

    static BackupAgent agent(String name, Set<BackupMethod> methods, Function<Map<String, Object>, List<String>> validate) {
        return new Fake(name, methods, validate);
    }

    private static class Fake implements BackupAgent {

        private final String name;
        private final Set<BackupMethod> methods;
        private final Function<Map<String, Object>, List<String>> validate;

        Fake(String name, Set<BackupMethod> methods, Function<Map<String, Object>, List<String>> validate) {
            this.name = name;
            this.methods = methods;
            this.validate = validate;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<BackupMethod> honouredMethods() {
            return methods;
        }

        @Override
        public List<String> validate(Map<String, Object> settings) {
            return validate.apply(settings);
        }

        @Override
        public Snapshot backup(String backupId, SourceLocation source, ProgressListener progress) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public Verification verify(SourceLocation source, Snapshot snapshot) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public DataFootprint footprint(SourceLocation source) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public List<Path> files(SourceLocation source, Snapshot snapshot) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public Optional<String> capacityProblem(SourceLocation source, Snapshot snapshot, RestoreSpec spec) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public RestoredData restore(SourceLocation source, Snapshot snapshot, RestoreSpec spec, ProgressListener progress) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public Verification verifyRestored(SourceLocation source, Snapshot snapshot, RestoreSpec spec, RestoredData restored) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public void switchIn(SourceLocation source, RestoreSpec spec, RestoredData restored) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public void switchBack(SourceLocation source, RestoreSpec spec, RestoredData restored, Snapshot previous) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public void discard(SourceLocation source, RestoreSpec spec) {
            throw new UnsupportedOperationException("fake agent");
        }

        @Override
        public void delete(SourceLocation source, Snapshot snapshot) {
            throw new UnsupportedOperationException("fake agent");
        }
    }
}
