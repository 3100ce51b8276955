package io.lifeboat.drill;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.lifeboat.restore.AlternateServer;
import io.lifeboat.secret.SecretReference;

/**
 * Restore drills ({@code lifeboat.drill.*}), checked at start-up so a bad setting stops it naming the setting.
 *
 * @param sandboxDir   where drills restore files and pgBackRest clusters, one directory per drill; on a host with a
 *                     pgbackrest data source the cluster's user must be able to create directories in each drill's
 *                     directory (mode rwxrwx---): give the sandbox directory that user's group with the set-group-ID
 *                     bit ({@code chgrp postgres; chmod 2770}), so every drill's directory inherits it
 * @param postgres     the PostgreSQL server pgdump sandboxes are created on; absent, each data source's own server
 * @param timeLimit    a drill still running after this long ends inconclusive
 * @param randomWithin a drill with {@code recoveryPoint: random} picks a verified backup finished within this long
 */
@ConfigurationProperties("lifeboat.drill")
public record DrillProperties(Path sandboxDir, Postgres postgres, @DefaultValue("PT2H") Duration timeLimit,
                              @DefaultValue("P30D") Duration randomWithin) {

    public DrillProperties {
        if (sandboxDir == null) {
            throw new IllegalArgumentException("lifeboat.drill.sandbox-dir is required: the directory drills restore into");
        }
        sandboxDir = sandboxDir.toAbsolutePath().normalize();
        if (sandboxDir.getParent() == null) {
            throw new IllegalArgumentException("lifeboat.drill.sandbox-dir must not be the file system root");
        }
        requirePositive(timeLimit, "lifeboat.drill.time-limit");
        requirePositive(randomWithin, "lifeboat.drill.random-within");
    }

    /**
     * The sandbox PostgreSQL server: {@code url} ({@code jdbc:postgresql://host:port/any}, the database is not used) or
     * {@code host} and {@code port} (default 5432); {@code user} and {@code passwordRef} (a secret reference, a relative
     * {@code file:} path against the runbooks directory, escaped as {@code \${...}}) are optional: absent, the data
     * source's own.
     */
    public record Postgres(String url, String host, Integer port, String user, String passwordRef) {

        private static final String PREFIX = "lifeboat.drill.postgres.";
        private static final String JDBC = "jdbc:";

        public Postgres {
            if (url != null) {
                if (host != null || port != null) {
                    throw new IllegalArgumentException(PREFIX + "url names the server already: give url or host and port, not both");
                }
                URI uri = uri(url);
                if (uri.getUserInfo() != null) {
                    throw new IllegalArgumentException(PREFIX + "url must not hold credentials: give user and password-ref");
                }
                host = uri.getHost();
                port = uri.getPort() == -1 ? null : uri.getPort();
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException(PREFIX + "host (or url) is required once lifeboat.drill.postgres is set");
            }
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException(PREFIX + "port must be a port number, not " + port);
            }
            if (user != null && user.isBlank()) {
                throw new IllegalArgumentException(PREFIX + "user must not be blank");
            }
            if (passwordRef != null) {
                SecretReference.ofSetting(passwordRef, PREFIX + "password-ref", Path.of(""));
            }
        }

        /** As an alternate pgdump destination's {@code server} names it ({@link AlternateServer}). */
        public Map<String, Object> server() {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put(AlternateServer.HOST, host);
            server.put(AlternateServer.PORT, port == null ? 5432 : port);
            if (user != null) {
                server.put(AlternateServer.USER, user);
            }
            if (passwordRef != null) {
                server.put(AlternateServer.PASSWORD_REF, passwordRef);
            }
            return Map.copyOf(server);
        }

        private static URI uri(String url) {
            try {
                if (url.startsWith(JDBC + "postgresql://")) {
                    URI uri = new URI(url.substring(JDBC.length()));
                    if (uri.getHost() != null) {
                        return uri;
                    }
                }
            } catch (URISyntaxException e) {
                // the message below says what is expected
            }
            // not repeated: a malformed URL may hold a password
            throw new IllegalArgumentException(PREFIX + "url must be of the form jdbc:postgresql://host:port/database");
        }
    }

    private static void requirePositive(Duration duration, String property) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(property + " must be longer than nothing, not " + duration);
        }
    }
}
