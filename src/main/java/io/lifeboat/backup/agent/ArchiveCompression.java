package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;

/**
 * How the files agent compresses its tar archive. Both are pure Java (the JDK's gzip, aircompressor's streaming zstd),
 * and both produce the standard formats that {@code tar -xzf} and {@code tar --zstd -xf} read.
 */
enum ArchiveCompression {

    GZIP("gzip", ".tar.gz") {
        @Override
        OutputStream compress(OutputStream out) throws IOException {
            return new GZIPOutputStream(out, BUFFER_SIZE);
        }

        @Override
        InputStream decompress(InputStream in) throws IOException {
            return new GZIPInputStream(in, BUFFER_SIZE);
        }
    },
    ZSTD("zstd", ".tar.zst") {
        @Override
        OutputStream compress(OutputStream out) throws IOException {
            return new ZstdOutputStream(out);
        }

        @Override
        InputStream decompress(InputStream in) {
            return new ZstdInputStream(in);
        }
    };

    static final int BUFFER_SIZE = 64 * 1024;

    private final String settingValue;
    private final String extension;

    ArchiveCompression(String settingValue, String extension) {
        this.settingValue = settingValue;
        this.extension = extension;
    }

    abstract OutputStream compress(OutputStream out) throws IOException;

    abstract InputStream decompress(InputStream in) throws IOException;

    String settingValue() {
        return settingValue;
    }

    /** The archive file's extension, including the leading dot. */
    String extension() {
        return extension;
    }

    static Optional<ArchiveCompression> fromSetting(String value) {
        return Arrays.stream(values())
                .filter(c -> c.settingValue.equals(value.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).map(ArchiveCompression::settingValue).collect(Collectors.joining(", "));
    }
}
