package io.lifeboat.check;

/**
 * A check could not be run: on data that was restored it fails (a missing file, a bad setting), on data the restore
 * left out on purpose it is skipped. The message is the result's evidence.
 */
final class CheckNotRun extends Exception {

    private final boolean skipped;

    private CheckNotRun(String message, boolean skipped) {
        super(message);
        this.skipped = skipped;
    }

    static CheckNotRun failed(String message) {
        return new CheckNotRun(message, false);
    }

    static CheckNotRun skipped(String message) {
        return new CheckNotRun(message, true);
    }

    boolean isSkipped() {
        return skipped;
    }
}
