package io.lifeboat.retention;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat.retention.*} as Spring binds it at start-up: the default, and a fraction outside 0..1 refused by name. */
class RetentionPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void halfOfAServicesBackupsIsTheDefaultThreshold() {
        context.run(started -> {
            RetentionProperties properties = started.getBean(RetentionProperties.class);
            assertThat(properties.maxDeleteFraction()).isEqualTo(0.5);
            assertThat(properties.needsApproval(11, 6)).isTrue();
            assertThat(properties.needsApproval(10, 5)).as("half is not more than half").isFalse();
        });
    }

    @Test
    void aFractionOutsideZeroToOneStopsStartUpNamingTheSetting() {
        context.withPropertyValues("lifeboat.retention.max-delete-fraction=1.5").run(started ->
                assertThat(started).getFailure().rootCause().hasMessage("lifeboat.retention.max-delete-fraction must be"
                        + " between 0 and 1 (0.5 is half of a service's backups), not 1.5"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RetentionProperties.class)
    static class Bound {
    }
}
