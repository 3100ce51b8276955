package io.lifeboat.intake;

import java.util.Arrays;
import java.util.Locale;

/** Alert and incident severities, lowest first, as PagerDuty names them. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown words count as warnings: an alert is never dropped for its severity label. */
    public static Severity parse(String value) {
        return Arrays.stream(values()).filter(severity -> severity.value().equalsIgnoreCase(value == null ? "" : value.trim()))
                .findFirst().orElse(WARNING);
    }

    public static String highest(String a, String b) {
        return parse(a).compareTo(parse(b)) >= 0 ? parse(a).value() : parse(b).value();
    }
}
