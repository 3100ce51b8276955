package io.lifeboat.drill;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a drill is: running until its verdict, then finished. */
public enum DrillRunState {
    RUNNING, FINISHED;

    @JsonValue
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
