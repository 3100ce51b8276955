package io.lifeboat.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Mock 4.11.0 as a separate JVM (integrations.md §6.2: its Spring Boot must not share the test's class path). The
 * build copies its runnable jar to the path in {@value #JAR_PROPERTY}; a missing jar fails the test, it never skips.
 *
 * <p>The tests talk to S3Mock's main connector, bound to 127.0.0.1 with TLS off. S3Mock always adds a second, plain
 * HTTP connector that it binds to every interface; it gets a free port here and is not used.
 */
public final class S3MockServer implements AutoCloseable {

    static final String JAR_PROPERTY = "lifeboat.test.s3mock-jar";
    /** S3Mock starts in about 11 s on an idle machine; two shared cores may double that. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final Path log;
    private S3Client inspector;

    private S3MockServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static S3MockServer start(Path workDir, String... initialBuckets) throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock jar not found at " + JAR_PROPERTY + "=" + jar
                    + "; run the tests through Maven, whose dependency plugin copies it there");
        }
        Path storeRoot = Files.createDirectories(workDir.resolve("s3mock-store"));
        Path log = workDir.resolve("s3mock.log");
        int port = freePort();
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar,
                "--server.address=127.0.0.1", "--server.port=" + port, "--server.ssl.enabled=false",
                "--com.adobe.testing.s3mock.httpPort=" + freePort(),
                "--com.adobe.testing.s3mock.store.root=" + storeRoot,
                "--com.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", initialBuckets)))
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        S3MockServer server = new S3MockServer(process, port, log);
        try {
            server.awaitAnswer();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * A client for the test to set up and look into buckets behind Lifeboat's back, closed with the server. Its keys
     * are made up: S3Mock does not check signatures.
     */
    public synchronized S3Client inspector() {
        if (inspector == null) {
            inspector = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("inspector", "inspector")))
                    .build();
        }
        return inspector;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (inspector != null) {
            inspector.close();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest listBuckets = HttpRequest.newBuilder(endpoint().resolve("/")).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(listBuckets, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the port opens only once S3Mock's Spring context is up
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("S3Mock did not answer on " + endpoint() + " within " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
