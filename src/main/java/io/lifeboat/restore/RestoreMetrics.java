package io.lifeboat.restore;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** {@code lifeboat_restores_total{service,mode,outcome}} and {@code lifeboat_restore_duration_seconds{service}}. */
@Component
public class RestoreMetrics {

    private final MeterRegistry registry;

    public RestoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param duration from the request to the end; null for a restore that never ran (rejected) */
    void finished(RestoreRecord restore, Duration duration) {
        registry.counter("lifeboat.restores", "service", restore.service(), "mode", restore.mode(),
                "outcome", restore.state().name().toLowerCase()).increment();
        if (duration != null) {
            Timer.builder("lifeboat.restore.duration").tag("service", restore.service()).register(registry).record(duration);
        }
    }
}
