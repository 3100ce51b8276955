package io.lifeboat.incident;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lifeboat.incident.PostMortemActionItems.Item;

import static org.assertj.core.api.Assertions.assertThat;

class PostMortemServiceTest {

    @Test
    void theOutcomeCountsAnswersAndNamesEachDeferralWithItsReason() {
        List<Item> items = List.of(
                new Item("alice", LocalDate.parse("2026-12-01"), "Alert on backup age", "done", null),
                new Item("bob", LocalDate.parse("2026-12-15"), "Rehearse the restore", "deferred", "needs the sandbox"));

        assertThat(PostMortemService.outcome(" disk failed ", items)).isEqualTo("2 action items, 1 done, 1 deferred; "
                + "deferred: Rehearse the restore (bob): needs the sandbox. Summary: disk failed");
        assertThat(PostMortemService.outcome("disk failed", List.of())).isEqualTo("no action items. Summary: disk failed");
    }
}
