package io.lifeboat.check;

/** What a check that ran found: whether the data is good, and the evidence. */
record Verdict(boolean passed, String evidence) {

    static Verdict passed(String evidence) {
        return new Verdict(true, evidence);
    }

    static Verdict failed(String evidence) {
        return new Verdict(false, evidence);
    }

    /** A value found in the data, cut for the evidence: a check may meet a whole document in a column. */
    static String shortened(String value, int max) {
        return value.length() > max ? value.substring(0, max) + "..." : value;
    }
}
