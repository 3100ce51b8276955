package io.lifeboat.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Values as Lifeboat's tables hold them, the same on H2 and PostgreSQL: instants as {@code timestamp(6) with time zone}
 * in UTC, texts cut to their column.
 */
public final class Sql {

    private Sql() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Cuts a text that would not fit its column, marking the cut, so a long alert summary is stored, not refused. */
    public static String fit(String text, int columnLength) {
        return text == null || text.length() <= columnLength ? text : text.substring(0, columnLength - 1) + "…";
    }
}
