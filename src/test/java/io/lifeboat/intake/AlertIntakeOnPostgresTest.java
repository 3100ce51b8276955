package io.lifeboat.intake;

import org.springframework.context.annotation.Import;

import io.lifeboat.EmbeddedPostgresConfiguration;

/** The webhooks on a real PostgreSQL 17 (embedded, started by the test). */
@Import(EmbeddedPostgresConfiguration.class)
class AlertIntakeOnPostgresTest extends AlertIntakeHttpTest {
}
