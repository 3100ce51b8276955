package io.lifeboat.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.HandStartedContexts;
import io.lifeboat.LifeboatApplication;

/**
 * A 202 is a promise that survives the node: alerts accepted by one application, which stops before processing them,
 * are processed by the next application on the same database (an H2 file). The alertmanager token here is configured
 * by a {@code file:} reference of its own, replacing the demo one.
 */
class AlertIntakeRestartTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class WithRecordingHandler {

        @Bean
        @Primary
        RecordingAlertHandler recordingAlertHandler() {
            return new RecordingAlertHandler();
        }
    }

    @Test
    void alertsAcceptedBeforeARestartAreAllProcessedAfterIt() throws Exception {
        String token = "restart-" + UUID.randomUUID();
        Path tokenFile = Files.writeString(dataDir.resolve("alertmanager.token"), token + "\n");
        List<Long> accepted = new ArrayList<>();

        try (ConfigurableApplicationContext first = start(tokenFile, false, LifeboatApplication.class)) {
            int port = port(first);
            for (byte[] capture : AlertFixtures.alertmanagerCaptures()) {
                HttpResponse<String> answer = post(port, capture, token);
                assertThat(answer.statusCode()).isEqualTo(202);
                new ObjectMapper().readTree(answer.body()).get("ids").forEach(id -> accepted.add(id.asLong()));
            }
            assertThat(post(port, AlertFixtures.alertmanagerCaptures().get(0), AlertFixtures.DEMO_TOKEN).statusCode())
                    .as("the demo token no longer opens the alertmanager webhook").isEqualTo(401);
            assertThat(first.getBeansOfType(AlertInboxProcessor.class)).isEmpty();
        }

        try (ConfigurableApplicationContext second = start(tokenFile, true, LifeboatApplication.class, WithRecordingHandler.class)) {
            RecordingAlertHandler handler = second.getBean(RecordingAlertHandler.class);

            await().atMost(Duration.ofSeconds(30)).until(() -> handler.ids().size() == accepted.size());
            assertThat(handler.ids()).containsExactlyElementsOf(accepted);
        }
    }

    private ConfigurableApplicationContext start(Path tokenFile, boolean processing, Class<?>... sources) {
        return HandStartedContexts.withoutTestTypes(new SpringApplicationBuilder(sources))
                // as arguments, so that they win over application.yaml and application-demo.yaml
                .run("--spring.main.banner-mode=off",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--lifeboat.data-dir=" + dataDir,
                        "--lifeboat.runbooks-dir=src/test/runbooks",
                        "--lifeboat.scheduler.enabled=false",
                        "--lifeboat.worker.enabled=false",
                        "--camunda.bpm.job-execution.enabled=false",
                        "--lifeboat.intake.senders.alertmanager.token-ref=\\${file:" + tokenFile + "}",
                        "--lifeboat.intake.processor.enabled=" + processing,
                        "--lifeboat.intake.processor.tick=PT0.1S",
                        "--lifeboat.intake.processor.initial-delay=PT0S");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private HttpResponse<String> post(int port, byte[] body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts/alertmanager"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
