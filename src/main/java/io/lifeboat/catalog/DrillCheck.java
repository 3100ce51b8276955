package io.lifeboat.catalog;

import java.util.Map;

/** What proves a restore good: {@code fileChecksum}, {@code sql}, {@code rowCount} or {@code referentialIntegrity}. */
public record DrillCheck(String type, Map<String, Object> settings) {
}
