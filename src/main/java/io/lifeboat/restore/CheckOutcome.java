package io.lifeboat.restore;

/**
 * One check of restored data as the record keeps it: its name, whether it passed, whether it was skipped (its data
 * was left out of an alternate restore: neither passed nor failed), and what it found.
 */
public record CheckOutcome(String name, boolean passed, boolean skipped, String evidence) {

    public boolean failed() {
        return !passed && !skipped;
    }
}
