package io.lifeboat.intake;

import org.springframework.test.context.TestPropertySource;

/** The webhooks on H2 in memory. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:intake-http;DB_CLOSE_DELAY=-1")
class AlertIntakeOnH2Test extends AlertIntakeHttpTest {
}
