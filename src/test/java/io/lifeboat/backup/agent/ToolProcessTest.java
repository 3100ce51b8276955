package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ToolProcessTest {

    @Test
    void dropsEveryInheritedFamilyButKeepsWhatTheCallerSets() throws Exception {
        // HOME and PATH are inherited by every test JVM, so dropping them shows that each prefix of the list counts
        assertThat(System.getenv()).containsKeys("HOME", "PATH");

        ToolProcess.Result result = ToolProcess.run("env", List.of("/usr/bin/env"), List.of("HOM", "PAT"),
                Map.of("PATTERN_SET_BY_CALLER", "kept"), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines()).noneMatch(line -> line.startsWith("HOME=") || line.startsWith("PATH="))
                .contains("PATTERN_SET_BY_CALLER=kept");
    }
}
