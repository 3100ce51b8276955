package io.lifeboat.agent.spi;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How much a backup copies: everything ({@code full}), what changed since the last backup of any kind
 * ({@code incremental}) or since the last full one ({@code differential}). Written in lower case in the catalog, the
 * classification table, process variables and the API.
 */
public enum BackupMethod {
    FULL, INCREMENTAL, DIFFERENTIAL;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the accepted values */
    @JsonCreator
    public static BackupMethod parse(String value) {
        return Arrays.stream(values())
                .filter(method -> method.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "method '" + value + "' is not one of " + Arrays.stream(values()).map(BackupMethod::value).toList()));
    }
}
