package io.lifeboat.restore;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lifeboat.DemoApi;

/** Restores on the file-based H2 database the quick start uses. */
class RestoreOnH2Test extends RestoreFullStackTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DemoApi.registerDemoCopy(registry, "restore-h2");
    }
}
