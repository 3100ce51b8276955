package io.lifeboat.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.lifeboat.storage.S3ObjectStore;

/**
 * Signed checkpoints of the chain's head, one JSON file each ({@code lastId, lastHash, at, signature}) in a directory
 * outside the database, and a copy in a WORM S3 bucket when one is configured, where not even the bucket's owner can
 * delete or overwrite it before its retention ends. Files are never replaced: each is named by its last id and time,
 * so the newest is the last in name order.
 */
public class AuditCheckpoints {

    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Path dir;
    private final AuditKey key;
    private final Clock clock;
    private final S3ObjectStore wormStore;
    private final String wormKeyPrefix;

    /** Checkpoints in {@code dir} only. */
    public AuditCheckpoints(Path dir, AuditKey key, Clock clock) {
        this(dir, key, clock, null, null);
    }

    /** @param wormStore where a copy of each checkpoint goes, under {@code wormKeyPrefix}; null for none */
    public AuditCheckpoints(Path dir, AuditKey key, Clock clock, S3ObjectStore wormStore, String wormKeyPrefix) {
        this.dir = dir.toAbsolutePath().normalize();
        this.key = key;
        this.clock = clock;
        this.wormStore = wormStore;
        this.wormKeyPrefix = wormKeyPrefix;
    }

    Path dir() {
        return dir;
    }

    /**
     * Signs and writes a checkpoint of the head {@code lastId}/{@code lastHash}; the file appears complete or not at all.
     *
     * @throws io.lifeboat.storage.StorageException when the copy to the WORM target fails (the file is written)
     */
    AuditCheckpoint write(long lastId, String lastHash) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AuditCheckpoint checkpoint = new AuditCheckpoint(lastId, lastHash, at, signature(lastId, lastHash, at));
        String name = String.format("%s%019d-%d%s", PREFIX, lastId, ChronoUnit.MICROS.between(Instant.EPOCH, at), SUFFIX);
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Path partial = dir.resolve(name + ".partial");
            JSON.writeValue(partial.toFile(), checkpoint);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit checkpoint " + file, e);
        }
        if (wormStore != null) {
            wormStore.upload(wormKeyPrefix + name, file);
        }
        return checkpoint;
    }

    /**
     * The newest checkpoint whose signature holds, and every newer file that is not one: a checkpoint that does not
     * verify was written or changed by someone without the key.
     */
    Newest newest() {
        List<String> forged = new ArrayList<>();
        for (Path file : filesNewestFirst()) {
            try {
                AuditCheckpoint checkpoint = JSON.readValue(file.toFile(), AuditCheckpoint.class);
                if (checkpoint.lastHash() != null && checkpoint.at() != null && AuditKey.sameHash(
                        signature(checkpoint.lastId(), checkpoint.lastHash(), checkpoint.at()), checkpoint.signature())) {
                    return new Newest(checkpoint, forged);
                }
                forged.add("checkpoint " + file.getFileName() + " has a signature that does not match its content");
            } catch (IOException e) {
                forged.add("checkpoint " + file.getFileName() + " is not a readable checkpoint: " + e.getMessage());
            }
        }
        return new Newest(null, forged);
    }

    /** @param checkpoint null when there is none that verifies */
    record Newest(AuditCheckpoint checkpoint, List<String> forged) {
    }

    private String signature(long lastId, String lastHash, Instant at) {
        return key.checkpointSignature(AuditHash.checkpoint(lastId, lastHash, at));
    }

    private List<Path> filesNewestFirst() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the audit checkpoints in " + dir, e);
        }
        files.sort(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed());
        return files;
    }
}
