package io.lifeboat;

import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;

/**
 * The engine of the engine-only process tests: in-memory H2, delegates mocked by bean name, and every runbook's
 * paths covered completely. Its configuration is not named camunda.cfg.xml, which would give {@code /engine-rest}
 * in the Spring tests a second, empty engine.
 */
public final class ProcessTestEngine {

    private ProcessTestEngine() {
    }

    /** For a {@code @RegisterExtension static} field; fails the class when its tests leave a path of the diagram uncovered. */
    public static ProcessEngineCoverageExtension withFullCoverage() {
        return ProcessEngineCoverageExtension.builder("process-test.camunda.cfg.xml")
                .assertClassCoverageAtLeast(1.0)
                .build();
    }
}
