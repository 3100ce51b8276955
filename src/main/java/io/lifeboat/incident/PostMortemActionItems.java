package io.lifeboat.incident;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.camunda.spin.json.SpinJsonNode;

import static org.camunda.spin.Spin.JSON;

/**
 * The review's action items: parsed from the review form's text (one item per line,
 * {@code owner | due date (yyyy-mm-dd) | text}, because the form-js of Camunda 7.24's Tasklist has no list input it
 * can submit as a process variable), held in the process as a JSON array the multi-instance task iterates, and
 * checked when an owner completes one.
 */
public final class PostMortemActionItems {

    public static final String LINE_FORMAT = "owner | due date (yyyy-mm-dd) | text";

    /** What an owner may answer; anything else cannot close the post-mortem. */
    public enum Status {
        DONE, DEFERRED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A Camunda user or group id: one owner, who gets the task (a user) or whose members do (a group). */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    /** One action item; {@code status} and {@code reason} stay null until its owner answers. */
    public record Item(String owner, LocalDate due, String text, String status, String reason) {
    }

    private PostMortemActionItems() {
    }

    /**
     * @param text null or blank means no action items; blank lines are skipped
     * @throws IllegalArgumentException naming the line, what is wrong with it and the expected format
     */
    public static List<Item> parse(String text) {
        List<Item> items = new ArrayList<>();
        if (text == null) {
            return items;
        }
        String[] lines = text.split("\\R");
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (!line.isEmpty()) {
                items.add(parseLine(number, line));
            }
        }
        return items;
    }

    private static Item parseLine(int number, String line) {
        String[] parts = line.split("\\|", 3);
        if (parts.length < 3) {
            throw malformed(number, line, "it has " + parts.length + " of the 3 parts separated by '|'");
        }
        String owner = parts[0].strip();
        String due = parts[1].strip();
        String text = parts[2].strip();
        if (!USER_ID.matcher(owner).matches()) {
            throw malformed(number, line, "owner '" + owner + "' is not a user or group id");
        }
        LocalDate dueDate;
        try {
            dueDate = LocalDate.parse(due);
        } catch (DateTimeParseException e) {
            throw malformed(number, line, "due date '" + due + "' is not a date yyyy-mm-dd");
        }
        if (text.isEmpty()) {
            throw malformed(number, line, "the text saying what to do is empty");
        }
        return new Item(owner, dueDate, text, null, null);
    }

    private static IllegalArgumentException malformed(int number, String line, String problem) {
        return new IllegalArgumentException("Action item on line " + number + " ('" + line + "'): " + problem
                + ". Write one item per line as '" + LINE_FORMAT + "'.");
    }

    /**
     * The owner's answer to one item, checked: done, or deferred with a reason.
     *
     * @throws IllegalArgumentException naming the item when the status is missing or unknown, or a deferral has no reason
     */
    public static Item answer(Item item, String status, String reason) {
        String what = "Action item '" + item.text() + "' (" + item.owner() + ")";
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException(what + ": choose done or deferred.");
        }
        Status answered;
        try {
            answered = Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": status '" + status + "' is neither done nor deferred.");
        }
        boolean hasReason = reason != null && !reason.isBlank();
        if (answered == Status.DEFERRED && !hasReason) {
            throw new IllegalArgumentException(what + " is deferred without a reason: say why it is deferred.");
        }
        return new Item(item.owner(), item.due(), item.text(), answered.value(), hasReason ? reason.strip() : null);
    }

    public static SpinJsonNode toJson(List<Item> items) {
        SpinJsonNode array = JSON("[]");
        items.forEach(item -> array.append(toJson(item)));
        return array;
    }

    public static SpinJsonNode toJson(Item item) {
        SpinJsonNode node = JSON("{}")
                .prop("owner", item.owner())
                .prop("due", item.due().toString())
                .prop("text", item.text());
        if (item.status() != null) {
            node.prop("status", item.status());
        }
        if (item.reason() != null) {
            node.prop("reason", item.reason());
        }
        return node;
    }

    public static List<Item> fromJson(SpinJsonNode array) {
        return array.elements().stream().map(PostMortemActionItems::item).toList();
    }

    public static Item item(SpinJsonNode node) {
        return new Item(node.prop("owner").stringValue(), LocalDate.parse(node.prop("due").stringValue()),
                node.prop("text").stringValue(), optional(node, "status"), optional(node, "reason"));
    }

    private static String optional(SpinJsonNode node, String property) {
        return node.hasProp(property) ? node.prop(property).stringValue() : null;
    }
}
