package io.lifeboat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.TestDataDirectory;

/**
 * The runbooks' {@code historyTimeToLive} (400 days) holds only if the engine cleans history up: Lifeboat's settings
 * schedule the cleanup job into the nightly window 01:00 to 05:00.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:history-cleanup-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false"})
class HistoryCleanupTest {

    @Autowired
    HistoryService history;
    @Autowired
    ProcessEngineConfigurationImpl engine;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "history-cleanup");
    }

    @Test
    void theCleanupJobIsScheduledInsideTheNightlyWindow() {
        assertThat(engine.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
        assertThat(engine.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");

        assertThat(history.findHistoryCleanupJobs()).isNotEmpty().allSatisfy((Job job) -> {
            LocalTime due = job.getDuedate().toInstant().atZone(ZoneId.systemDefault()).toLocalTime();
            assertThat(due).isBetween(LocalTime.of(1, 0), LocalTime.of(5, 0));
        });
    }
}
