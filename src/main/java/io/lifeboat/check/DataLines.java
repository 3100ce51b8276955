package io.lifeboat.check;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the records of a data file: lines that hold something (blank ones, a last newline's empty line included, do
 * not count). In a {@code .csv} file a line break inside a quoted field belongs to its record, and the first record is
 * the header, which is no data. Read as bytes: quotes and line breaks are the same bytes in UTF-8 and its ASCII
 * relatives, so the file's encoding does not matter.
 */
final class DataLines {

    private DataLines() {
    }

    static boolean hasHeader(String path) {
        return path.toLowerCase().endsWith(".csv");
    }

    static long count(Path file, boolean csv) throws IOException {
        long records = 0;
        boolean quoted = false;
        boolean content = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n' && !quoted) {
                    records += content ? 1 : 0;
                    content = false;
                } else if (b != '\r' && b != ' ' && b != '\t' && b != '\n') {
                    content = true;
                    // a doubled quote inside a quoted field toggles twice, so it leaves the field quoted
                    quoted ^= csv && b == '"';
                }
            }
        }
        records += content ? 1 : 0;
        return csv ? Math.max(0, records - 1) : records;
    }
}
