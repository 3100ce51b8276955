package io.lifeboat.engine;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The ids of what runbooks work on, also their business keys: {@code <kind>-<service>-<UTC second>-<6 hex>}, e.g.
 * {@code dr-ticket-db-20261202-072053-a60bb0}, readable in a list and sorted by time per service; the random part
 * keeps two of the same second apart.
 */
public final class RunbookIds {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunbookIds() {
    }

    /** @param kind {@code bk} for backups, {@code rs} for restores, {@code dr} for drills */
    public static String next(String kind, String serviceId, Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return kind + "-" + serviceId + "-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    }
}
