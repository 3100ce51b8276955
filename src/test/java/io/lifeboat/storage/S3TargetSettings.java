package io.lifeboat.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** An S3 storage target of a test's Spring context, its keys in files as in production, for an S3 stand-in. */
public final class S3TargetSettings {

    private S3TargetSettings() {
    }

    /**
     * Call from a {@code @DynamicPropertySource} method.
     *
     * @return the target's local staging directory
     */
    public static Path register(DynamicPropertyRegistry registry, String targetId, String bucket, int port) throws IOException {
        Path dir = Files.createTempDirectory("lifeboat-s3-" + targetId);
        Path accessKey = Files.writeString(dir.resolve("access.key"), "AKIDEXAMPLE\n");
        Path secretKey = Files.writeString(dir.resolve("secret.key"), "wJalrXUtnFEMI/K7MDENG\n");
        Path staging = dir.resolve("staging");
        String target = "lifeboat.storage.targets." + targetId + ".";
        registry.add(target + "type", () -> "s3");
        registry.add(target + "path", staging::toString);
        registry.add(target + "bucket", () -> bucket);
        registry.add(target + "endpoint", () -> "http://127.0.0.1:" + port);
        registry.add(target + "region", () -> "eu-central-1");
        // escaped: Lifeboat, not Spring, reads secret references
        registry.add(target + "access-key-ref", () -> "\\${file:" + accessKey + "}");
        registry.add(target + "secret-key-ref", () -> "\\${file:" + secretKey + "}");
        return staging;
    }
}
