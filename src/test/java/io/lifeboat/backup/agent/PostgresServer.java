package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A throwaway PostgreSQL 15 cluster of Debian's packages for the pgdump and pgBackRest tests and the checks of restored
 * clusters, started once per test class. Tests run as root and initdb and postgres refuse root, so the cluster, and pgBackRest with it, runs as the
 * {@code postgres} user in a directory this fixture creates and gives to that user. The server listens on 127.0.0.1 on
 * a free port with password (SCRAM) authentication over TCP, and trusts only the Unix socket, which pgBackRest uses.
 * A missing binary fails the test class; it never skips it. Public for the restore and drill tests that restore a
 * real pgdump backup, which Zonky's PostgreSQL 17 is too new for pg_dump 15 to take.
 */
public final class PostgresServer implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path PGBACKREST = Path.of("/usr/bin/pgbackrest");
    public static final String SUPERUSER = "postgres";
    /** With a colon and a backslash, so the agent's pgpass escaping is exercised. */
    public static final String PASSWORD = "s3cret:with\\odd chars";
    /** The command prefix that runs a tool as the cluster's user: the pgBackRest agent's launcher. */
    public static final List<String> AS_POSTGRES = List.of("/usr/sbin/runuser", "-u", "postgres", "--");

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path base;
    private final Path dataDir;
    private final int port;
    private final String stanza;
    /**
     * Stops the cluster and removes its directory when the test JVM ends before {@link #close}: a test class whose
     * Spring context failed to start runs no {@code @AfterAll}, and its clusters would outlive it.
     */
    private final Thread stopAtExit = new Thread(this::stopAndRemoveQuietly, "stop PostgreSQL at exit");

    private PostgresServer(Path base, Path dataDir, int port, String stanza) {
        this.base = base;
        this.dataDir = dataDir;
        this.port = port;
        this.stanza = stanza;
    }

    /**
     * A new cluster; with a {@code stanza} it archives its WAL with pgBackRest into a repository of its own (the
     * stanza still has to be created), without one it does not archive.
     */
    public static PostgresServer start(String stanza) throws Exception {
        assertThat(BIN.resolve("initdb")).as("PostgreSQL 15 server must be installed (apt-get install postgresql)").isExecutable();
        if (stanza != null) {
            assertThat(PGBACKREST).as("pgBackRest must be installed (apt-get install pgbackrest)").isExecutable();
        }
        Path base = Files.createTempDirectory("lifeboat-pg-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createDirectories(base.resolve("sock"));
        Path passwordFile = Files.writeString(base.resolve("superuser.pw"), PASSWORD + "\n");
        chownToPostgres(base);
        PostgresServer server = new PostgresServer(base, base.resolve("data"), freePort(), stanza);
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        server.runAsPostgres(List.of(BIN.resolve("initdb").toString(), "-D", server.dataDir.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256"));
        Files.delete(passwordFile);
        StringBuilder conf = new StringBuilder("listen_addresses = '127.0.0.1'\nwal_level = replica\n");
        if (stanza != null) {
            Files.createDirectories(base.resolve("repo"));
            Files.writeString(server.pgbackrestConfig(), """
                    [global]
                    repo1-path=%1$s/repo
                    repo1-retention-full=10
                    log-path=%1$s
                    lock-path=%1$s
                    start-fast=y

                    [%2$s]
                    pg1-path=%3$s
                    pg1-port=%4$d
                    pg1-socket-path=%1$s/sock
                    """.formatted(base, stanza, server.dataDir, server.port));
            chownToPostgres(base);
            // the restored data shows its newest commit only where commit timestamps are kept
            conf.append("track_commit_timestamp = on\narchive_mode = on\narchive_command = 'pgbackrest --config=").append(server.pgbackrestConfig())
                    .append(" --stanza=").append(stanza).append(" archive-push %p'\n");
        }
        server.startCluster(conf.toString());
        return server;
    }

    /** Stops the cluster, as a service's beforeRestore hook does before an in-place restore. */
    public void stop() throws Exception {
        ToolProcess.Result stop = stopFast();
        assertThat(stop.exitCode()).as("pg_ctl stop: " + stop.stdout() + stop.stderr()).isZero();
    }

    /** Starts the stopped cluster again on its port, with the settings its data directory holds (afterRestore). */
    public void startAgain() throws Exception {
        pgCtlStart();
    }

    /** {@code stanza-create} of the stanza the cluster archives into, which setting up pgBackRest takes. */
    public void createStanza() throws Exception {
        ToolProcess.Result create = pgbackrest("stanza-create");
        assertThat(create.exitCode()).as("stanza-create: " + create.stderr()).isZero();
    }

    /** What the server has logged since it was first started. */
    public String log() throws IOException {
        return Files.readString(logFile());
    }

    public int port() {
        return port;
    }

    Path base() {
        return base;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public Path pgbackrestConfig() {
        return base.resolve("pgbackrest.conf");
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** Runs pgBackRest with this cluster's configuration and stanza, as the cluster's user. */
    ToolProcess.Result pgbackrest(String... args) throws Exception {
        List<String> commandLine = new ArrayList<>(AS_POSTGRES);
        commandLine.addAll(List.of(PGBACKREST.toString(), "--config=" + pgbackrestConfig(), "--stanza=" + stanza));
        commandLine.addAll(List.of(args));
        return ToolProcess.run("pgbackrest " + args[args.length - 1], commandLine, List.of("PGBACKREST_"), Map.of(), COMMAND_TIMEOUT);
    }

    /** A directory the cluster's user may write into, for restores; it does not exist yet. */
    Path newDirectory(String name) throws Exception {
        Path dir = Files.createTempDirectory(base, name + "-");
        chownToPostgres(dir);
        return dir.resolve(name);
    }

    /** A WAL switch, then waits (bounded) until the switched segment is archived, so a restore can replay up to now. */
    public void archiveCurrentWal() throws Exception {
        try (Connection connection = connect("postgres"); var statement = connection.createStatement()) {
            var switched = statement.executeQuery("select pg_walfile_name(pg_switch_wal())");
            switched.next();
            String segment = switched.getString(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                var archived = statement.executeQuery("select coalesce(last_archived_wal, '') from pg_stat_archiver");
                archived.next();
                if (archived.getString(1).compareTo(segment) >= 0) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new AssertionError("WAL segment " + segment + " was not archived within 60 s");
        }
    }

    @Override
    public void close() throws Exception {
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
        ToolProcess.Result stop = stopFast();
        DirectoryTree.delete(base);
        assertThat(stop.exitCode()).as("pg_ctl stop: " + stop.stderr()).isZero();
    }

    private ToolProcess.Result stopFast() throws Exception {
        return runAsPostgresResult(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w",
                "-t", "60", "stop"));
    }

    private void stopAndRemoveQuietly() {
        try {
            stopFast();
            DirectoryTree.delete(base);
        } catch (Exception e) {
            // the JVM is ending; what could not be stopped or removed is left, as before this hook
        }
    }

    private void startCluster(String extraConf) throws Exception {
        // appended settings win over earlier ones, including those a restored postgresql.conf brought along
        Files.writeString(dataDir.resolve("postgresql.conf"), "\nport = " + port + "\nunix_socket_directories = '"
                + base.resolve("sock") + "'\n" + extraConf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        pgCtlStart();
    }

    private void pgCtlStart() throws Exception {
        runAsPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", logFile().toString(),
                "-w", "-t", "120", "start"));
    }

    private Path logFile() {
        return base.resolve(dataDir.getFileName() + "-" + port + ".log");
    }

    private void runAsPostgres(List<String> command) throws Exception {
        ToolProcess.Result result = runAsPostgresResult(command);
        assertThat(result.exitCode()).as(command + " failed: " + result.stdout() + result.stderr()).isZero();
    }

    private ToolProcess.Result runAsPostgresResult(List<String> command) throws Exception {
        List<String> commandLine = new ArrayList<>(AS_POSTGRES);
        commandLine.addAll(command);
        return ToolProcess.run(Path.of(command.get(0)).getFileName().toString(), commandLine, List.of("PG"), Map.of(), COMMAND_TIMEOUT);
    }

    private static void chownToPostgres(Path path) throws Exception {
        ToolProcess.Result chown = ToolProcess.run("chown", List.of("chown", "-R", "postgres:postgres", path.toString()), List.of(),
                Map.of(), COMMAND_TIMEOUT);
        assertThat(chown.exitCode()).as("chown: " + chown.stderr()).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
