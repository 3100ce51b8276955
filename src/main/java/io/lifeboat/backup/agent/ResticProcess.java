package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.secret.SecretReference.SecretFile;
import io.lifeboat.secret.SecretReference;

/**
 * Runs one restic command against one repository through {@link ToolProcess}: the password only ever as a file in
 * {@code RESTIC_PASSWORD_FILE} and the keys of an {@code s3:} repository only in a credentials file of their own, never
 * on the command line or in the environment. Inherited {@code RESTIC_*} and {@code AWS_*} variables are dropped so
 * they cannot override what the data source names (an {@code AWS_ACCESS_KEY_ID} would win over the file).
 */
final class ResticProcess {

    /** A large tree can take hours; the limit only catches a restic that hangs. */
    private static final Duration TIMEOUT = Duration.ofHours(24);
    /** The only profile in the credentials file; naming it keeps restic from looking for "default" elsewhere. */
    private static final String PROFILE = "lifeboat";

    /**
     * How restic reaches an {@code s3:} repository. The keys stay references until a command runs; region and bucket
     * lookup go on the command line, as they are no secret.
     */
    record S3Access(SecretReference accessKey, SecretReference secretKey, String region, String bucketLookup) {

        List<String> options() {
            return List.of("-o", "s3.region=" + region, "-o", "s3.bucket-lookup=" + bucketLookup);
        }

        /**
         * An AWS shared credentials file, which restic 0.14 reads from {@code AWS_SHARED_CREDENTIALS_FILE} (verified
         * against S3Mock by checking the requests' signatures). Values are triple-quoted because its INI reader cuts a
         * bare value at {@code #} or {@code ;}.
         */
        SecretFile credentialsFile() throws IOException {
            return SecretFile.temporary("[" + PROFILE + "]\naws_access_key_id = " + quoted(accessKey)
                    + "\naws_secret_access_key = " + quoted(secretKey) + "\n");
        }

        private static String quoted(SecretReference reference) throws IOException {
            // key files usually end in a newline, which is not part of the key
            String value = reference.value().strip();
            if (value.isEmpty() || value.chars().anyMatch(c -> c == '"' || Character.isISOControl(c))) {
                throw new IOException("the secret of " + reference + " is empty or holds a quote or control character,"
                        + " which restic's credentials file cannot carry");
            }
            return "\"\"\"" + value + "\"\"\"";
        }

        @Override
        public String toString() {
            return "s3 keys " + accessKey + " and " + secretKey;
        }
    }

    private final Path binary;
    private final String repository;
    private final SecretReference password;
    private final S3Access s3;

    /** A repository restic reaches without credentials of its own, such as a local directory. */
    ResticProcess(Path binary, String repository, SecretReference password) {
        this(binary, repository, password, null);
    }

    /** {@code s3} is null unless the repository is an {@code s3:} URL. */
    ResticProcess(Path binary, String repository, SecretReference password, S3Access s3) {
        this.binary = binary;
        this.repository = repository;
        this.password = password;
        this.s3 = s3;
    }

    String repository() {
        return repository;
    }

    /** Runs {@code restic <args>} and keeps its whole stdout. */
    ToolProcess.Result run(String... args) throws AgentException {
        StringBuilder stdout = new StringBuilder();
        ToolProcess.Result result = run(List.of(args), line -> stdout.append(line).append('\n'));
        return new ToolProcess.Result(result.command(), result.exitCode(), stdout.toString(), result.stderr());
    }

    /** Runs {@code restic <args>}, handing each stdout line to {@code onLine} as it arrives (for progress). */
    ToolProcess.Result run(List<String> args, Consumer<String> onLine) throws AgentException {
        String command = "restic " + args.get(0);
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        if (s3 != null) {
            commandLine.addAll(s3.options());
        }
        commandLine.addAll(args);
        try (SecretFile passwordFile = password.openAsFile();
             SecretFile credentials = s3 == null ? null : s3.credentialsFile()) {
            Map<String, String> environment = new HashMap<>(Map.of("RESTIC_REPOSITORY", repository,
                    "RESTIC_PASSWORD_FILE", passwordFile.path().toString()));
            if (credentials != null) {
                environment.put("AWS_SHARED_CREDENTIALS_FILE", credentials.path().toString());
                environment.put("AWS_PROFILE", PROFILE);
            }
            return ToolProcess.run(command, commandLine, List.of("RESTIC_", "AWS_"), environment, TIMEOUT, onLine);
        } catch (IOException e) {
            // the message names the binary, the repository or the secret references, never a secret itself
            throw new AgentException(command + " could not run (" + binary + ", repository " + repository + ", password "
                    + password + (s3 == null ? "" : ", " + s3) + "): " + e.getMessage(), false, e);
        }
    }
}
