package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.lifeboat.secret.SecretReference;

/**
 * How the pgdump agent reaches one PostgreSQL database, and the pgbackrest agent a cluster it restored. The password (when there is one) reaches the client tools
 * only through a {@code PGPASSFILE} written for one command and deleted after it, and the JDBC driver only through its
 * connection properties; it is never on a command line, in a message or in a log.
 */
record PgConnection(String host, int port, String database, String user, SecretReference password) {

    /** Seconds a client waits for the server before giving up; a retry can try again. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** The optional {@code passwordRef} setting, a secret reference resolved against {@code baseDir}; null without one. */
    static SecretReference passwordRef(AgentSettings reader, Path baseDir) {
        String reference = reader.optionalText("passwordRef", null);
        if (reference == null) {
            return null;
        }
        try {
            return SecretReference.parse(reference, baseDir);
        } catch (IllegalArgumentException e) {
            reader.problem("passwordRef is " + e.getMessage());
            return null;
        }
    }

    /** {@code -h -p -U -w}: {@code -w} makes a missing password an error instead of a prompt. */
    List<String> clientArguments() {
        return List.of("-h", host, "-p", Integer.toString(port), "-U", user, "-w");
    }

    /** A JDBC session with the driver's connect time limit. */
    Connection open(String databaseName) throws SQLException, IOException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", passwordValue());
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "lifeboat");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + databaseName, properties);
    }

    /** A pgpass file for this connection, or none when there is no password; close deletes it. */
    PassFile openPassFile() throws IOException {
        if (password == null) {
            return new PassFile(null);
        }
        Path file = Files.createTempFile("lifeboat-pgpass-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // any database: pg_dumpall and createdb connect to others than the one named in the settings
            String line = String.join(":", escape(host), Integer.toString(port), "*", escape(user), escape(passwordValue()));
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new PassFile(file);
    }

    /** A password file usually ends with a newline that is not part of the password. */
    private String passwordValue() throws IOException {
        return password.value().replaceFirst("\\r?\\n$", "");
    }

    /** pgpass fields escape {@code :} and {@code \} with a backslash. */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    /** The {@code PGPASSFILE} of one command. */
    record PassFile(Path path) implements AutoCloseable {

        /** Without a password reference libpq's usual {@code ~/.pgpass} of the user running Lifeboat applies. */
        Map<String, String> environment() {
            String timeout = Integer.toString(CONNECT_TIMEOUT_SECONDS);
            return path == null ? Map.of("PGCONNECT_TIMEOUT", timeout)
                    : Map.of("PGPASSFILE", path.toString(), "PGCONNECT_TIMEOUT", timeout);
        }

        @Override
        public void close() throws IOException {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }
    }
}
