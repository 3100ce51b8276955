package io.lifeboat.backup.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReadAheadInputStreamTest {

    @Test
    void readsTheSourceByteForByteAcrossItsChunks() throws IOException {
        byte[] bytes = new byte[3 * 256 * 1024 + 4711];
        new Random(7).nextBytes(bytes);

        try (InputStream ahead = new ReadAheadInputStream(new ByteArrayInputStream(bytes))) {
            assertThat(ahead.read()).isEqualTo(bytes[0] & 0xff);
            assertThat(ahead.readNBytes(10)).isEqualTo(Arrays.copyOfRange(bytes, 1, 11));
            assertThat(ahead.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 11, bytes.length));
            assertThat(ahead.read()).isEqualTo(-1);
        }
    }

    @Test
    void whatStopsTheSourceReachesTheReaderWithItsMessageAfterTheBytesBeforeIt() throws IOException {
        InputStream damaged = new SequenceInputStream(new ByteArrayInputStream(new byte[1000]), new InputStream() {
            @Override
            public int read() {
                // as aircompressor reports a damaged zstd frame
                throw new IllegalStateException("Invalid magic prefix");
            }
        });

        try (InputStream ahead = new ReadAheadInputStream(damaged)) {
            assertThatThrownBy(ahead::readAllBytes).isInstanceOf(IOException.class).hasMessage("Invalid magic prefix");
            assertThatThrownBy(ahead::read).as("and on every read after").isInstanceOf(IOException.class);
        }
    }

    @Test
    void closingStopsTheReadingThreadWhileItWaitsAndClosesTheSource() throws Exception {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        InputStream ahead = new ReadAheadInputStream(endless);
        ahead.read();
        Thread.sleep(200); // the thread fills its chunks and waits for the reader

        ahead.close();

        assertThat(sourceClosed).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("files-agent-read-ahead"));
        assertThatThrownBy(ahead::read).isInstanceOf(IOException.class).hasMessage("stream closed");
    }
}
