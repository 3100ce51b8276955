package io.lifeboat.drill;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Placeholder until the sandbox branch lands. */
@ConfigurationProperties("lifeboat.drill")
public record DrillProperties(Duration timeLimit, Duration randomWithin) {
}
