package io.lifeboat.backup.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on a thread of its own, a few chunks at most: a restore decompresses its archive on one core
 * while it writes the files on another, as {@code tar} does with gzip or zstd in a process of its own. Without it
 * the restore would take the decompression's time and the writing's one after the other.
 *
 * <p>What the reading thread meets (a damaged archive, an I/O error) is thrown to the caller as an {@link IOException}
 * with the same message once the caller reaches that point of the stream. {@link #close} stops the thread and closes
 * the source stream.
 */
final class ReadAheadInputStream extends InputStream {

    private static final int CHUNK_SIZE = 256 * 1024;
    private static final int CHUNKS_AHEAD = 8;

    /** A piece of the stream, the end of it, or what stopped the reading thread. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {

        static final Chunk END = new Chunk(new byte[0], 0, null);
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private Chunk current;
    private int position;
    private boolean closed;

    ReadAheadInputStream(InputStream source) {
        this.source = Objects.requireNonNull(source);
        this.reader = new Thread(this::readAhead, "files-agent-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAhead() {
        try {
            for (int length = CHUNK_SIZE; length == CHUNK_SIZE; ) {
                byte[] bytes = new byte[CHUNK_SIZE];
                length = source.readNBytes(bytes, 0, CHUNK_SIZE);
                if (length > 0) {
                    chunks.put(new Chunk(bytes, length, null));
                }
            }
            chunks.put(Chunk.END);
        } catch (InterruptedException e) {
            // closed: the caller reads no further
        } catch (Throwable e) { // a decompressor reports damage as a RuntimeException; the caller must hear of it
            try {
                chunks.put(new Chunk(null, 0, e));
            } catch (InterruptedException closed) {
                // closed meanwhile: nobody is left to tell
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (current == Chunk.END) {
                return -1;
            }
            current = next();
            position = 0;
            if (current == Chunk.END) {
                return -1;
            }
        }
        int copied = Math.min(length, current.length() - position);
        System.arraycopy(current.bytes(), position, buffer, offset, copied);
        position += copied;
        return copied;
    }

    private Chunk next() throws IOException {
        Chunk next;
        try {
            next = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the archive to be read");
        }
        if (next.failure() != null) {
            Chunk failed = next;
            chunks.offer(failed); // every later read fails the same way
            throw new IOException(String.valueOf(failed.failure().getMessage()), failed.failure());
        }
        return next;
    }

    /** Stops the reading thread, waits for it to end and closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
