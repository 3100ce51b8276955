package io.lifeboat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code ./mvnw spring-boot:run} promises: the demo catalog from {@code runbooks/}, the demo users, and every
 * demo service's first scheduled backup SUCCEEDED and verified within a minute of start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuickStartTest {

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void freshDataDirectory(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "quickstart");
    }

    @Test
    void demoServicesAreListedAndTheirFirstBackupsSucceedWithinAMinute() {
        List<Map<String, Object>> services = list("/api/services");
        assertThat(services).hasSizeGreaterThanOrEqualTo(3);
        List<String> ids = services.stream().map(service -> (String) service.get("id")).toList();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> succeeded = list("/api/backups?status=SUCCEEDED");
            assertThat(succeeded).extracting(backup -> backup.get("service")).containsAll(ids);
        });

        List<Map<String, Object>> all = list("/api/backups");
        assertThat(all).allSatisfy(backup -> assertThat(backup)
                .containsEntry("trigger", "schedule").containsEntry("initiator", "system:scheduler"));
        assertThat(list("/api/backups?status=SUCCEEDED")).allSatisfy(backup -> assertThat(backup).containsEntry("verified", true));
        assertThat(list("/api/backups?status=FAILED")).isEmpty();
    }

    private List<Map<String, Object>> list(String path) {
        return http.withBasicAuth("operator", "operator")
                .exchange(path, HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .getBody();
    }
}
