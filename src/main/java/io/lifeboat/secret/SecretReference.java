package io.lifeboat.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret in catalog settings: {@code ${env:NAME}} or {@code ${file:/path}}. The catalog and process
 * variables only ever hold the reference; the value is read late, when a tool needs it, and is never part of
 * {@link #toString()}, a log line or an exception message.
 */
public final class SecretReference {

    public static final String SYNTAX = "${env:NAME} or ${file:/path/to/file}";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String reference;
    private final String envName;
    private final Path file;
    private final UnaryOperator<String> environment;

    private SecretReference(String reference, String envName, Path file, UnaryOperator<String> environment) {
        this.reference = reference;
        this.envName = envName;
        this.file = file;
        this.environment = environment;
    }

    /** Parses against the process environment; a relative {@code file:} path resolves against {@code baseDir}. */
    public static SecretReference parse(String reference, Path baseDir) {
        return parse(reference, baseDir, System::getenv);
    }

    /**
     * A reference given in an application setting, checked at start-up.
     *
     * @throws IllegalStateException naming the setting when the reference is malformed, which stops start-up
     */
    public static SecretReference ofSetting(String reference, String property, Path baseDir) {
        try {
            return parse(reference, baseDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": " + e.getMessage()
                    + " (in Spring configuration escaped as \\${...})", e);
        }
    }

    /** As {@link #parse(String, Path)}, reading {@code env:} names from {@code environment}. */
    public static SecretReference parse(String reference, Path baseDir, UnaryOperator<String> environment) {
        Matcher matcher = reference == null ? null : REFERENCE.matcher(reference.strip());
        if (matcher == null || !matcher.matches()) {
            // the rejected text may be a pasted password, so it is not repeated here
            throw new IllegalArgumentException("not a secret reference; use " + SYNTAX);
        }
        String kind = matcher.group(1);
        String target = matcher.group(2).strip();
        if (kind.equals("env")) {
            if (!ENV_NAME.matcher(target).matches()) {
                throw new IllegalArgumentException("'" + target + "' is not an environment variable name; use " + SYNTAX);
            }
            return new SecretReference("${env:" + target + "}", target, null, environment);
        }
        Path path = baseDir.resolve(target).toAbsolutePath().normalize();
        return new SecretReference("${file:" + path + "}", null, path, environment);
    }

    /** The secret's value, read now. */
    public String value() throws IOException {
        if (file != null) {
            // the bare NoSuchFileException would say only the path
            if (!Files.isReadable(file)) {
                throw new IOException("secret file " + file + " is missing or not readable");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        String value = environment.apply(envName);
        if (value == null || value.isEmpty()) {
            throw new IOException("environment variable " + envName + " is not set");
        }
        return value;
    }

    /**
     * The secret as a file, for tools that read a password file (restic's {@code RESTIC_PASSWORD_FILE}). A
     * {@code file:} reference is handed over as it is; an {@code env:} value is written to a new owner-only file that
     * {@link SecretFile#close()} deletes, so it lives only as long as the command using it.
     */
    public SecretFile openAsFile() throws IOException {
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IOException("secret file " + file + " is missing or not readable");
            }
            return new SecretFile(file, false);
        }
        return SecretFile.temporary(value());
    }

    /** The reference itself, never the value. */
    @Override
    public String toString() {
        return reference;
    }

    /** A file holding a secret; closing deletes it when it was written only for this use. */
    public static final class SecretFile implements AutoCloseable {

        private final Path path;
        private final boolean temporary;

        private SecretFile(Path path, boolean temporary) {
            this.path = path;
            this.temporary = temporary;
        }

        /**
         * A new owner-only file holding {@code content}, deleted on {@link #close()}: for a secret, or a file made of
         * secrets such as a credentials file, that a tool reads while one command runs.
         */
        public static SecretFile temporary(String content) throws IOException {
            Path temporary = Files.createTempFile("lifeboat-secret-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            return new SecretFile(temporary, true);
        }

        public Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }
}
