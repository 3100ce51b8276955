package io.lifeboat.backup.agent;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The databases of one in-place pgdump restore: {@code production} (the data source's own), {@code restored}
 * ({@code <db>_restore_<short id>}, where the dump is restored beside it) and {@code aside}
 * ({@code <db>_pre_restore_<short id>}, what production is renamed to when the restored one takes its name). Both are
 * named after the restore id, so a repeated call finds its own databases, and fit PostgreSQL's 63 bytes, which it
 * would otherwise cut silently.
 */
record InPlaceDatabases(String production, String restored, String aside) {

    /** PostgreSQL's NAMEDATALEN less its terminating byte. */
    static final int MAX_NAME_BYTES = 63;
    private static final String ASIDE_INFIX = "_pre_restore_";

    static InPlaceDatabases of(String production, String restoreId) {
        String shortId = shortId(restoreId);
        String stem = cut(production, MAX_NAME_BYTES - ASIDE_INFIX.length() - shortId.length());
        return new InPlaceDatabases(production, stem + "_restore_" + shortId, stem + ASIDE_INFIX + shortId);
    }

    /** Ten hex digits of the restore id's SHA-256: a valid identifier whatever the id holds. */
    private static String shortId(String restoreId) {
        byte[] digest = Sha256.newDigest().digest(restoreId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 10);
    }

    /** The longest prefix of {@code name} within {@code maxBytes} of UTF-8, never splitting a character. */
    private static String cut(String name, int maxBytes) {
        int end = 0;
        int bytes = 0;
        while (end < name.length()) {
            int codePoint = name.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return name.substring(0, end);
    }
}
