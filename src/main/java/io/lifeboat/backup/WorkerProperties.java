package io.lifeboat.backup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process worker for agent work ({@code lifeboat.worker.*}).
 *
 * @param lockDuration how long a fetched task stays ours without news; progress extends it
 * @param attempts     tries of a retryable agent failure before the runbook takes the failure path
 */
@ConfigurationProperties("lifeboat.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT2M") Duration lockDuration,
        @DefaultValue("PT1S") Duration pollInterval,
        @DefaultValue("2") int threads,
        @DefaultValue("3") int attempts,
        @DefaultValue("PT30S") Duration retryBackoff) {
}
