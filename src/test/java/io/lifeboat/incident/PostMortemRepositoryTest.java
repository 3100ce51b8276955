package io.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.lifeboat.incident.Incident.IncidentAlert;
import io.lifeboat.incident.PostMortemRepository.EarlierPostMortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The post-mortem tables on H2, migrated by the real Flyway scripts. */
class PostMortemRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private IncidentRepository incidents;
    private PostMortemRepository postMortems;

    @BeforeEach
    void migrate() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:post-mortem-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).table("lifeboat_schema_history").load().migrate();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        incidents = new IncidentRepository(jdbc);
        postMortems = new PostMortemRepository(jdbc);
    }

    @Test
    void aDraftIsRecordedOnceAndClosedWithItsOutcome() {
        Incident incident = resolvedIncident("INC-1", "ticket-db", NOW.minus(Duration.ofHours(3)));
        postMortems.recordDraft(incident, List.of("TicketDbDown", "TicketDbSlow"), NOW);
        postMortems.recordDraft(incident, List.of("TicketDbDown", "TicketDbSlow"), NOW.plusSeconds(60));

        postMortems.close("INC-1", "no action items. Summary: disk failed", NOW.plus(Duration.ofDays(1)));

        assertThat(postMortems.find("INC-1")).hasValueSatisfying(record -> {
            assertThat(record.draftedAt()).isEqualTo(NOW);
            assertThat(record.closedAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
            assertThat(record.outcome()).isEqualTo("no action items. Summary: disk failed");
            assertThat(record.alertNames()).containsExactly("TicketDbDown", "TicketDbSlow");
            assertThat(record.openedAt()).isEqualTo(incident.openedAt());
        });
        assertThatThrownBy(() -> postMortems.close("INC-404", "x", NOW))
                .hasMessage("no post-mortem of incident INC-404 was drafted, so it cannot be closed");
    }

    @Test
    void findsEarlierPostMortemsOfTheSameServiceAndAlertWithinTheWindow() {
        Instant since = NOW.minus(PostMortemDraft.RELATED_WINDOW);
        draft("INC-89-DAYS", "ticket-db", "TicketDbDown", NOW.minus(Duration.ofDays(89)));
        draft("INC-91-DAYS", "ticket-db", "TicketDbDown", NOW.minus(Duration.ofDays(91)));
        draft("INC-OTHER-SERVICE", "cmdb", "TicketDbDown", NOW.minus(Duration.ofDays(10)));
        draft("INC-OTHER-ALERT", "ticket-db", "DiskFull", NOW.minus(Duration.ofDays(10)));
        draft("INC-NOW", "ticket-db", "TicketDbDown", NOW);

        assertThat(postMortems.earlier("ticket-db", List.of("TicketDbDown", "TicketDbSlow"), since, "INC-NOW"))
                .containsExactly(new EarlierPostMortem("INC-89-DAYS", "TicketDbDown", NOW.minus(Duration.ofDays(89))));
        assertThat(postMortems.earlier("ticket-db", List.of(), since, "INC-NOW")).isEmpty();
    }

    private void draft(String incidentId, String service, String alertName, Instant draftedAt) {
        postMortems.recordDraft(resolvedIncident(incidentId, service, draftedAt.minus(Duration.ofHours(2))), List.of(alertName), draftedAt);
    }

    private Incident resolvedIncident(String id, String service, Instant openedAt) {
        incidents.open(id, service, "critical", service + " down", "alertmanager", openedAt);
        incidents.resolve(id, openedAt.plus(Duration.ofHours(1)));
        return new Incident(id, service, "critical", IncidentState.RESOLVED, service + " down", "alertmanager", openedAt,
                openedAt.plus(Duration.ofHours(1)), null, true,
                List.<IncidentAlert>of(), List.of());
    }
}
