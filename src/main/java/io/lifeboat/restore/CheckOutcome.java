package io.lifeboat.restore;

/** One check of restored data as the record keeps it: its name, whether it passed, and what it found. */
public record CheckOutcome(String name, boolean passed, String evidence) {
}
