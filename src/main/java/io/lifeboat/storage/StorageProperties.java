package io.lifeboat.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/** Storage targets by id, as a catalog backup policy names them in {@code storageTarget}. */
@ConfigurationProperties("lifeboat.storage")
public record StorageProperties(Map<String, Target> targets) {

    public StorageProperties {
        targets = targets == null ? Map.of() : Map.copyOf(targets);
    }

    /**
     * A target of {@code type} {@value #FILESYSTEM} or {@value #S3}. {@code path} is where agents write: the backups
     * themselves on a file system target, the local staging directory on an S3 target, from which
     * {@link StoragePublisher} uploads to {@code bucket} under {@code prefix}. {@code endpoint} is only for S3
     * services other than AWS (addressing is always path-style); the keys are secret references
     * ({@code ${env:NAME}} or {@code ${file:/path}}), read when the target is first used.
     */
    public record Target(String type, Path path, String bucket, URI endpoint, String region, String prefix,
                         String accessKeyRef, String secretKeyRef, Worm worm) {

        public static final String FILESYSTEM = "filesystem";
        public static final String S3 = "s3";

        /** The constructor Spring binds: a record with a second constructor is otherwise not bound at all. */
        @ConstructorBinding
        public Target {
            prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        }

        /** A file system target. */
        public Target(String type, Path path) {
            this(type, path, null, null, null, null, null, null, null);
        }

        public boolean isS3() {
            return S3.equals(type);
        }
    }

    /** Object Lock retention given to every object uploaded to the target: {@code retainDays} from the upload on. */
    public record Worm(WormMode mode, int retainDays) {
    }

    /** S3's retention modes: GOVERNANCE may be lifted by a specially permitted user, COMPLIANCE by nobody. */
    public enum WormMode {
        COMPLIANCE, GOVERNANCE
    }
}
