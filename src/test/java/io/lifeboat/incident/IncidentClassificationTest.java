package io.lifeboat.incident;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of {@code processes/incident-classification.dmn}, on Camunda's DMN engine. */
class IncidentClassificationTest {

    private static DmnEngine engine;
    private static DmnDecision decision;

    @BeforeAll
    static void parse() throws Exception {
        engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream dmn = Files.newInputStream(Path.of("processes/incident-classification.dmn"))) {
            decision = engine.parseDecision(IncidentRunbook.DECISION_KEY, dmn);
        }
    }

    @ParameterizedTest(name = "{0} on tier {1}: backup {2}, page {3}, continuity {4}")
    @CsvSource({
            // CriticalTier1
            "critical, 1, full, true, true",
            // CriticalTier2
            "critical, 2, full, true, false",
            // CriticalOther
            "critical, 3, incremental, true, false",
            "critical, 4, incremental, true, false",
            // ErrorTier1
            "error, 1, full, true, false",
            // ErrorOther
            "error, 2, incremental, false, false",
            "error, 3, incremental, false, false",
            // WarningTier1
            "warning, 1, incremental, false, false",
            // Otherwise
            "warning, 2, none, false, false",
            "info, 1, none, false, false",
            "info, 3, none, false, false"})
    void severityAndTierGiveTheAction(String severity, int tier, String backup, boolean page, boolean continuity) {
        DmnDecisionResultEntries result = engine.evaluateDecision(decision, Map.of("severity", severity, "tier", tier))
                .getSingleResult();

        assertThat(result.<String>getEntry("backup")).isEqualTo(backup);
        assertThat(result.<Boolean>getEntry("pageCommander")).isEqualTo(page);
        assertThat(result.<Boolean>getEntry("proposeContinuity")).isEqualTo(continuity);
    }
}
