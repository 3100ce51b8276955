package io.lifeboat.catalog;

import java.util.Optional;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import io.lifeboat.web.ApiExceptionHandler;

class CatalogControllerTest {

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        Catalog demo = new CatalogLoader(FakeAgents.filesAndRestic(), CatalogFixture.STORAGE).load(DemoCatalogTest.RUNBOOKS);
        mvc = MockMvcBuilders.standaloneSetup(new CatalogController(demo, Optional.empty()))
                .setControllerAdvice(new ApiExceptionHandler())
                .build();
    }

    @Test
    void listsEveryServiceById() throws Exception {
        mvc.perform(get("/api/services"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id", contains("chat-log", "identity", "knowledge-base", "ticket-db")))
                .andExpect(jsonPath("$[1].usedBy", contains("chat-log", "knowledge-base", "ticket-db")));
    }

    @Test
    void showsOneServiceWithEverythingResolved() throws Exception {
        mvc.perform(get("/api/services/ticket-db"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("ticket-db"))
                .andExpect(jsonPath("$.name").value("Ticket database"))
                .andExpect(jsonPath("$.tier").value(1))
                .andExpect(jsonPath("$.ownerGroup").value("operators"))
                .andExpect(jsonPath("$.rto").value("PT4H"))
                .andExpect(jsonPath("$.rpo").value("PT1H"))
                .andExpect(jsonPath("$.mtd").value("PT24H"))
                .andExpect(jsonPath("$.dependsOn", contains("identity")))
                .andExpect(jsonPath("$.usedBy", contains("chat-log")))
                .andExpect(jsonPath("$.dataSources[0].name").value("tickets"))
                .andExpect(jsonPath("$.dataSources[0].agent").value("files"))
                .andExpect(jsonPath("$.dataSources[0].settings.path").value("demo-data/ticket-db"))
                .andExpect(jsonPath("$.backupPolicy.schedule").value("0 */30 * * * *"))
                .andExpect(jsonPath("$.backupPolicy.scheduleInterval").value("PT30M"))
                .andExpect(jsonPath("$.backupPolicy.method").value("full"))
                .andExpect(jsonPath("$.backupPolicy.retention.daily").value(30))
                .andExpect(jsonPath("$.backupPolicy.retention.weekly").value(26))
                .andExpect(jsonPath("$.backupPolicy.retention.monthly").value(24))
                .andExpect(jsonPath("$.backupPolicy.storageTarget").value("local"))
                .andExpect(jsonPath("$.backupPolicy.blackoutWindows[0].name").value("weekly-maintenance"))
                .andExpect(jsonPath("$.backupPolicy.blackoutWindows[0].days", contains("SATURDAY")))
                .andExpect(jsonPath("$.backupPolicy.blackoutWindows[0].from").value("23:00"))
                .andExpect(jsonPath("$.backupPolicy.blackoutWindows[0].to").value("23:30"))
                .andExpect(jsonPath("$.backupPolicy.blackoutWindows[0].zone").value("UTC"))
                .andExpect(jsonPath("$.hooks.quiesce").value("hooks/ticket-db-quiesce.groovy"))
                .andExpect(jsonPath("$.drillChecks[2].type").value("rowCount"))
                .andExpect(jsonPath("$.drillChecks[2].settings.expected").value(200))
                .andExpect(jsonPath("$.drillPolicy.schedule").value("0 0 3 1 1,4,7,10 *"))
                .andExpect(jsonPath("$.drillPolicy.recoveryPoint").value("latest"))
                .andExpect(jsonPath("$.drillPolicy.negativeControl").value("P90D"))
                .andExpect(jsonPath("$.drillState").value(nullValue()))
                .andExpect(jsonPath("$.alertMatchers[0].labels.job").value("ticketdb"));
    }

    @Test
    void unknownServiceIs404() throws Exception {
        mvc.perform(get("/api/services/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("""
                        {"error": "not found", "detail": "no service 'nope' in the catalog"}""", true));
    }
}
