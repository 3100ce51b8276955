package io.lifeboat.drill;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Drills on the quick start's H2 database. */
class DrillOnH2Test extends DrillFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "drill-h2");
    }
}
