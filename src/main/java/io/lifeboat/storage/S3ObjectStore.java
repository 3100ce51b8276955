package io.lifeboat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.lifeboat.storage.StorageProperties.Worm;

/**
 * One S3 bucket of a storage target. Every upload carries a SHA-256 checksum, which S3 checks on arrival and which
 * Object Lock requires anyway; on a WORM target every object also gets the target's lock mode and a retain-until date
 * of now plus {@code retainDays}, so no object depends on a bucket default someone may change.
 */
public class S3ObjectStore implements AutoCloseable {

    private static final int ACCESS_DENIED = 403;
    private static final int NOT_FOUND = 404;

    private final String targetId;
    private final S3Client s3;
    private final String bucket;
    private final Worm worm;
    private final Clock clock;

    /** @param worm the target's Object Lock retention, or null for a target without WORM */
    public S3ObjectStore(String targetId, S3Client s3, String bucket, Worm worm, Clock clock) {
        this.targetId = targetId;
        this.s3 = s3;
        this.bucket = bucket;
        this.worm = worm;
        this.clock = clock;
    }

    public String bucket() {
        return bucket;
    }

    public void upload(String key, Path file) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256);
        if (worm != null) {
            request.objectLockMode(ObjectLockMode.fromValue(worm.mode().name()))
                    .objectLockRetainUntilDate(clock.instant().plus(Duration.ofDays(worm.retainDays())));
        }
        try {
            s3.putObject(request.build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("upload of " + file + " to", key, e);
        }
    }

    /**
     * Writes the object to {@code target}, replacing it. The SDK checks the download against the SHA-256 stored at
     * upload; the file appears only once it is complete, so a failed download leaves no partial file behind.
     */
    public void download(String key, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(partial);
            s3.getObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED), ResponseTransformer.toFile(partial));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SdkException e) {
            deleteQuietly(partial);
            throw failure("download of", key, e);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("cannot write " + target + " downloaded from " + where(key), e);
        }
    }

    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return false;
            }
            throw failure("lookup of", key, e);
        } catch (SdkException e) {
            throw failure("lookup of", key, e);
        }
    }

    /**
     * A legal hold keeps the object (its current version) regardless of retention, until it is released. S3 takes it
     * only in a bucket with Object Lock. Older versions need none: deletion takes the current version first and
     * stops at its refusal.
     */
    public void setLegalHold(String key, boolean on) {
        ObjectLockLegalHoldStatus status = on ? ObjectLockLegalHoldStatus.ON : ObjectLockLegalHoldStatus.OFF;
        try {
            s3.putObjectLegalHold(b -> b.bucket(bucket).key(key).legalHold(h -> h.status(status)));
        } catch (SdkException e) {
            throw failure("legal hold " + status + " on", key, e);
        }
    }

    /**
     * What keeps the object's current version from being deleted now, as in "object s3://b/k is locked until 2026-12-22T03:00:00Z
     * (COMPLIANCE)"; empty when nothing does, or when the bucket has no Object Lock to ask about.
     */
    public Optional<String> lock(String key) {
        return lockOf(key, null).map(lock -> "object " + where(key) + " is " + lock);
    }

    /**
     * Deletes every version and delete marker of the object. Deleting without a version id would only add a delete
     * marker and keep the data (and its cost); deleting the versions is what Object Lock refuses while they are locked.
     *
     * @throws ObjectLockedException when a version is under retention or legal hold
     */
    public void delete(String key) {
        for (String versionId : versionIds(key)) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            } catch (S3Exception e) {
                if (e.statusCode() == ACCESS_DENIED) {
                    throw deniedDeletion(key, versionId, e);
                }
                throw failure("deletion of", key, e);
            } catch (SdkException e) {
                throw failure("deletion of", key, e);
            }
        }
    }

    /** What keeps this bucket from being a WORM store: Object Lock or versioning not enabled; empty when both are. */
    public List<String> wormProblems() {
        List<String> problems = new ArrayList<>();
        try {
            ObjectLockEnabled enabled = s3.getObjectLockConfiguration(b -> b.bucket(bucket))
                    .objectLockConfiguration().objectLockEnabled();
            if (enabled != ObjectLockEnabled.ENABLED) {
                problems.add("Object Lock is not enabled (ObjectLockEnabled: " + enabled + ")");
            }
        } catch (S3Exception e) {
            problems.add(e.statusCode() == NOT_FOUND && "ObjectLockConfigurationNotFoundError".equals(errorCode(e))
                    ? "Object Lock is not enabled (the bucket has no Object Lock configuration)"
                    : "cannot read its Object Lock configuration: " + describe(e));
        } catch (SdkException e) {
            problems.add("cannot read its Object Lock configuration: " + describe(e));
        }
        try {
            BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
            if (status != BucketVersioningStatus.ENABLED) {
                problems.add("versioning is not enabled (status: " + (status == null ? "never enabled" : status) + ")");
            }
        } catch (SdkException e) {
            problems.add("cannot read its versioning status: " + describe(e));
        }
        return problems;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** In an unversioned bucket the only version is "null", which S3 also accepts as a version id. */
    private List<String> versionIds(String key) {
        List<String> ids = new ArrayList<>();
        try {
            s3.listObjectVersionsPaginator(ListObjectVersionsRequest.builder().bucket(bucket).prefix(key).build())
                    .forEach(page -> {
                        page.versions().stream().filter(v -> key.equals(v.key())).forEach(v -> ids.add(v.versionId()));
                        page.deleteMarkers().stream().filter(m -> key.equals(m.key())).forEach(m -> ids.add(m.versionId()));
                    });
        } catch (SdkException e) {
            throw failure("listing the versions of", key, e);
        }
        return ids;
    }

    /**
     * S3 answers a delete of a locked version with a bare 403 AccessDenied, the same answer as for missing permissions;
     * the version's retention and legal hold tell the two apart.
     */
    private StorageException deniedDeletion(String key, String versionId, S3Exception denied) {
        String object = "object " + where(key) + " (version " + versionId + ")";
        Optional<String> lock = lockOf(key, versionId);
        if (lock.isPresent()) {
            return new ObjectLockedException(key, "kept: " + object + " is " + lock.get());
        }
        return new StorageException("S3 denied the deletion of " + object + " although it shows no Object Lock retention"
                + " or legal hold; the credentials of storage target '" + targetId + "' probably lack"
                + " s3:DeleteObjectVersion: " + describe(denied), denied);
    }

    /** "locked until ... (MODE)", "under legal hold", or both; {@code versionId} null means the current version. */
    private Optional<String> lockOf(String key, String versionId) {
        Optional<ObjectLockRetention> retention = retention(key, versionId);
        boolean legalHold = legalHold(key, versionId);
        Optional<Instant> until = retention.map(ObjectLockRetention::retainUntilDate)
                .filter(date -> date.isAfter(clock.instant()));
        if (until.isEmpty() && !legalHold) {
            return Optional.empty();
        }
        return Optional.of(until.map(date -> "locked until " + date + " (" + retention.get().modeAsString() + ")").orElse("")
                + (until.isPresent() && legalHold ? " and " : "") + (legalHold ? "under legal hold" : ""));
    }

    private Optional<ObjectLockRetention> retention(String key, String versionId) {
        try {
            return Optional.ofNullable(s3.getObjectRetention(b -> b.bucket(bucket).key(key).versionId(versionId)).retention());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    private boolean legalHold(String key, String versionId) {
        try {
            return s3.getObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(versionId)).legalHold().status()
                    == ObjectLockLegalHoldStatus.ON;
        } catch (SdkException e) {
            return false;
        }
    }

    private StorageException failure(String action, String key, SdkException e) {
        return new StorageException(action + " " + where(key) + " on storage target '" + targetId + "' failed: "
                + describe(e), e);
    }

    private String where(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The HTTP status and S3's error code and text, without the SDK's request ids and retry notes. */
    private static String describe(SdkException e) {
        if (e instanceof S3Exception s3Error) {
            String code = errorCode(s3Error);
            return s3Error.statusCode() + (code == null ? " without an S3 error code"
                    : " " + code + ": " + s3Error.awsErrorDetails().errorMessage());
        }
        return e.getMessage();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the download already failed; that failure is the one to report
        }
    }
}
