package io.lifeboat.check;

/**
 * What one check found on restored data, for the restore's record and an incident commander.
 *
 * <p>Three outcomes: passed; failed (the data is damaged, or the check could not run on data that was restored: a
 * missing file, a table that is not there, a backup that recorded no checksum); skipped (what the check reads was
 * left out of the restore on purpose: a data source an alternate restore did not restore, a file outside its
 * {@code paths}). A skipped check is not passed, but it does not fail the restore either.
 *
 * @param name     the check's {@code name} setting, unique within its service
 * @param type     the catalog's check type
 * @param evidence what was found, for an auditor: checksums expected and found, counts and what they were compared with,
 *                 the first 20 orphan rows, the indexes that failed, the script that ran; or why it did not run
 * @param millis   how long the check took
 */
public record CheckResult(String name, String type, boolean passed, boolean skipped, String evidence, long millis) {

    public CheckResult {
        if (passed && skipped) {
            throw new IllegalArgumentException("a check that was skipped did not pass: " + name);
        }
    }

    /** Ran and found the data bad, or could not run on data that was restored. */
    public boolean failed() {
        return !passed && !skipped;
    }
}
