package io.lifeboat.restore;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restores ({@code lifeboat.restore.*}).
 *
 * @param keepSafetyBackup how long an in-place restore's safety backup stays under its legal hold, so a wrong restore
 *                         can itself be undone; retention decides about it afterwards
 * @param keepPrevious     how long the previous state an in-place restore switched out is kept aside
 */
@ConfigurationProperties("lifeboat.restore")
public record RestoreProperties(@DefaultValue("P30D") Duration keepSafetyBackup, @DefaultValue("P1D") Duration keepPrevious) {
}
