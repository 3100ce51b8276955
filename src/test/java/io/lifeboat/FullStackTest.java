package io.lifeboat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Lifeboat on a random port with the test catalog ({@code src/test/runbooks}), the engine's job executor and the
 * agent worker polling fast, and no schedule ticks: backups run only when a test asks. Pair it with
 * {@link TestDataDirectory} so every test class gets its own data and backups.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lifeboat.runbooks-dir=src/test/runbooks",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.poll-interval=PT0.2S",
        "camunda.bpm.job-execution.wait-time-in-millis=200",
        "camunda.bpm.job-execution.max-wait=500"})
public @interface FullStackTest {
}
