package io.lifeboat.incident;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lifeboat.incident.PostMortemActionItems.Item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostMortemActionItemsTest {

    private static final Item ITEM = new Item("alice", LocalDate.parse("2026-12-01"), "Alert on backup age", null, null);

    @Test
    void parsesOneItemPerLineSkippingBlankLinesAndKeepingPipesInTheText() {
        List<Item> items = PostMortemActionItems.parse("  alice | 2026-12-01 | Alert on backup age  \r\n\n"
                + "bob.smith|2026-12-15|Split the runbook | one per data source\n");

        assertThat(items).containsExactly(ITEM,
                new Item("bob.smith", LocalDate.parse("2026-12-15"), "Split the runbook | one per data source", null, null));
    }

    @Test
    void noTextMeansNoItems() {
        assertThat(PostMortemActionItems.parse(null)).isEmpty();
        assertThat(PostMortemActionItems.parse(" \n ")).isEmpty();
    }

    @Test
    void aMalformedLineIsRefusedNamingLineProblemAndFormat() {
        assertThatThrownBy(() -> PostMortemActionItems.parse("alice | 2026-12-01 | ok\nbob | 2026-12-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Action item on line 2 ('bob | 2026-12-01'): it has 2 of the 3 parts separated by '|'. "
                        + "Write one item per line as 'owner | due date (yyyy-mm-dd) | text'.");
        assertThatThrownBy(() -> PostMortemActionItems.parse("Alice Smith | 2026-12-01 | x"))
                .hasMessageContaining("line 1").hasMessageContaining("owner 'Alice Smith' is not a user or group id");
        assertThatThrownBy(() -> PostMortemActionItems.parse("alice | 2026-02-30 | x"))
                .hasMessageContaining("due date '2026-02-30' is not a date yyyy-mm-dd");
        assertThatThrownBy(() -> PostMortemActionItems.parse("alice | 2026-12-01 |  "))
                .hasMessageContaining("the text saying what to do is empty");
    }

    @Test
    void anItemIsDoneOrDeferredWithAReason() {
        assertThat(PostMortemActionItems.answer(ITEM, "done", "")).isEqualTo(
                new Item("alice", ITEM.due(), ITEM.text(), "done", null));
        assertThat(PostMortemActionItems.answer(ITEM, "deferred", " waits for Q1 budget ")).isEqualTo(
                new Item("alice", ITEM.due(), ITEM.text(), "deferred", "waits for Q1 budget"));

        assertThatThrownBy(() -> PostMortemActionItems.answer(ITEM, "deferred", null))
                .hasMessage("Action item 'Alert on backup age' (alice) is deferred without a reason: say why it is deferred.");
        assertThatThrownBy(() -> PostMortemActionItems.answer(ITEM, null, null))
                .hasMessage("Action item 'Alert on backup age' (alice): choose done or deferred.");
        assertThatThrownBy(() -> PostMortemActionItems.answer(ITEM, "forgotten", null))
                .hasMessage("Action item 'Alert on backup age' (alice): status 'forgotten' is neither done nor deferred.");
    }

    @Test
    void itemsSurviveTheirJsonFormWithAnswers() {
        List<Item> items = List.of(ITEM, new Item("bob", LocalDate.parse("2026-12-15"), "Rehearse \"restore\"", "deferred", "Q1"));

        assertThat(PostMortemActionItems.fromJson(PostMortemActionItems.toJson(items))).isEqualTo(items);
    }
}
