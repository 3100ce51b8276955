package io.lifeboat.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.lifeboat.secret.SecretReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The {@link S3ObjectStore} of each S3 storage target, connected on first use and closed with the application (Spring
 * calls {@link #close()} of an {@link AutoCloseable} bean).
 */
@Component
public class S3ObjectStores implements AutoCloseable {

    /** Relative {@code ${file:}} references in application settings mean the working directory, as other paths do. */
    private static final Path SECRET_BASE_DIR = Path.of("");

    private final StorageProperties properties;
    private final Clock clock;
    private final Map<String, S3ObjectStore> connected = new ConcurrentHashMap<>();

    public S3ObjectStores(StorageProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when the target is unknown or not an S3 target */
    public S3ObjectStore store(String targetId) {
        StorageProperties.Target target = properties.targets().get(targetId);
        if (target == null || !target.isS3()) {
            throw new IllegalArgumentException("storage target '" + targetId + "' is "
                    + (target == null ? "not configured" : "of type " + target.type() + ", not s3"));
        }
        return connected.computeIfAbsent(targetId, id -> connect(id, target));
    }

    /** What is wrong with an S3 target's settings, each problem naming its setting; empty when they are usable. */
    static List<String> settingsProblems(StorageProperties.Target target) {
        List<String> problems = new ArrayList<>();
        if (target.path() == null) {
            problems.add("path (the local staging directory) is required");
        }
        if (target.bucket() == null || target.bucket().isBlank()) {
            problems.add("bucket is required");
        }
        if (target.region() == null || target.region().isBlank()) {
            problems.add("region is required");
        }
        secretProblem("accessKeyRef", target.accessKeyRef(), problems);
        secretProblem("secretKeyRef", target.secretKeyRef(), problems);
        if (target.worm() != null) {
            if (target.worm().mode() == null) {
                problems.add("worm.mode is required: COMPLIANCE or GOVERNANCE");
            }
            if (target.worm().retainDays() < 1) {
                problems.add("worm.retainDays must be at least 1");
            }
        }
        return problems;
    }

    @Override
    public void close() {
        connected.values().forEach(S3ObjectStore::close);
        connected.clear();
    }

    private S3ObjectStore connect(String targetId, StorageProperties.Target target) {
        List<String> problems = settingsProblems(target);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("storage target '" + targetId + "' is not usable: " + String.join("; ", problems));
        }
        S3ClientBuilder client = S3Client.builder()
                .region(Region.of(target.region()))
                // path-style works with every S3 implementation and with bucket names containing dots
                .forcePathStyle(true)
                .credentialsProvider(credentials(targetId,
                        SecretReference.parse(target.accessKeyRef(), SECRET_BASE_DIR),
                        SecretReference.parse(target.secretKeyRef(), SECRET_BASE_DIR)));
        if (target.endpoint() != null) {
            client.endpointOverride(target.endpoint());
        }
        return new S3ObjectStore(targetId, client.build(), target.bucket(), target.worm(), clock);
    }

    /** Read at every signing, so rotated keys take effect without a restart. */
    private static AwsCredentialsProvider credentials(String targetId, SecretReference accessKey, SecretReference secretKey) {
        return () -> {
            try {
                // a key file usually ends with a newline, which is not part of the key
                return AwsBasicCredentials.create(accessKey.value().strip(), secretKey.value().strip());
            } catch (IOException e) {
                throw new StorageException("cannot read the S3 keys of storage target '" + targetId + "' (" + accessKey
                        + ", " + secretKey + "): " + e.getMessage(), e);
            }
        };
    }

    private static void secretProblem(String setting, String reference, List<String> problems) {
        if (reference == null || reference.isBlank()) {
            problems.add(setting + " is required: " + SecretReference.SYNTAX);
            return;
        }
        try {
            SecretReference.parse(reference, SECRET_BASE_DIR);
        } catch (IllegalArgumentException e) {
            // Spring resolves ${...} in application settings before Lifeboat sees them: ${env:X} arrives as "X"
            problems.add(setting + " is " + e.getMessage() + ", escaped as \\${...} in application settings");
        }
    }
}
