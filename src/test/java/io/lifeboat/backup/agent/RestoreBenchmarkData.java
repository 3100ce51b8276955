package io.lifeboat.backup.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The data set {@link RestoreBenchmark} backs up and restores, the same bytes on every run: a quarter of it in four
 * large files (a ticket export as CSV, an application log, two attachment blobs), the rest in thousands of files from
 * a few hundred bytes to half a megabyte in two levels of directories, three in five text (log-like lines from a
 * vocabulary, which gzip shrinks about threefold) and two in five random bytes (attachments, images: incompressible),
 * so that compression does honest work.
 *
 * @param csvFile the ticket export, whose data lines a {@code rowCount} check counts
 * @param csvRows its data lines, header not counted
 */
record RestoreBenchmarkData(Path root, int files, long bytes, String csvFile, long csvRows) {

    static final String CSV_FILE = "exports/tickets.csv";
    static final String LOG_FILE = "exports/application.log";
    static final String BLOB_FILE = "attachments/blob-0.bin";
    private static final String[] LARGE = {CSV_FILE, LOG_FILE, BLOB_FILE, "attachments/blob-1.bin"};
    private static final int MIN_SMALL = 256;
    private static final int MAX_SMALL = 512 * 1024;
    private static final int DIRECTORIES = 60;
    private static final int SUBDIRECTORIES = 5;

    /** Writes {@code bytes} bytes, give or take a line of the export, below {@code root}, which must not exist yet. */
    static RestoreBenchmarkData write(Path root, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(20_260_310L);
        String[] words = vocabulary(random);
        long large = bytes / 16; // four of them: a quarter of the bytes
        long written = 0;
        long csvRows = csv(root.resolve(CSV_FILE), large, words, random);
        written += Files.size(root.resolve(CSV_FILE));
        writeFile(root.resolve(LOG_FILE), text(large, words, random));
        written += large;
        for (int i = 2; i < LARGE.length; i++) {
            writeFile(root.resolve(LARGE[i]), binary(large, random));
            written += large;
        }
        int files = LARGE.length;
        double logMin = Math.log(MIN_SMALL);
        double logMax = Math.log(MAX_SMALL);
        while (written < bytes) {
            int size = (int) Math.min(bytes - written, Math.exp(logMin + random.nextDouble() * (logMax - logMin)));
            boolean text = random.nextInt(5) < 3;
            Path file = root.resolve(String.format("d%02d/e%d/%s-%05d.%s", files % DIRECTORIES,
                    files / DIRECTORIES % SUBDIRECTORIES, text ? "note" : "scan", files, text ? "txt" : "bin"));
            writeFile(file, text ? text(size, words, random) : binary(size, random));
            written += size;
            files++;
        }
        return new RestoreBenchmarkData(root, files, written, CSV_FILE, csvRows);
    }

    private static String[] vocabulary(SplittableRandom random) {
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ber", "dan", "fel", "gor", "hum", "jin",
            "pla", "stro", "qu", "xe", "zy", "ton"};
        String[] words = new String[800];
        for (int i = 0; i < words.length; i++) {
            StringBuilder word = new StringBuilder();
            for (int s = 1 + random.nextInt(4); s > 0; s--) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            words[i] = word.toString();
        }
        return words;
    }

    /** Log-like lines: a timestamp, a level, a ticket number and a few words, cut to exactly {@code size} bytes. */
    private static byte[] text(long size, String[] words, SplittableRandom random) {
        StringBuilder text = new StringBuilder((int) size + 128);
        String[] levels = {"INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"};
        while (text.length() < size) {
            text.append("2026-03-").append(10 + random.nextInt(18)).append('T').append(10 + random.nextInt(14))
                    .append(':').append(10 + random.nextInt(50)).append(':').append(10 + random.nextInt(50))
                    .append(' ').append(levels[random.nextInt(levels.length)]).append(" ticket=")
                    .append(100_000 + random.nextInt(900_000));
            for (int w = 3 + random.nextInt(9); w > 0; w--) {
                text.append(' ').append(words[random.nextInt(words.length)]);
            }
            text.append('\n');
        }
        text.setLength((int) size);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] binary(long size, SplittableRandom random) {
        byte[] bytes = new byte[(int) size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A ticket export of about {@code size} bytes, whole lines; returns its data lines. */
    private static long csv(Path file, long size, String[] words, SplittableRandom random) throws IOException {
        StringBuilder csv = new StringBuilder((int) size + 256).append("id,opened,priority,assignee,subject\n");
        long rows = 0;
        while (csv.length() < size) {
            rows++;
            csv.append(rows).append(",2026-02-").append(10 + random.nextInt(18)).append(",P").append(1 + random.nextInt(4))
                    .append(',').append(words[random.nextInt(words.length)]).append(',');
            for (int w = 2 + random.nextInt(6); w > 0; w--) {
                csv.append(words[random.nextInt(words.length)]).append(w > 1 ? " " : "\n");
            }
        }
        writeFile(file, csv.toString().getBytes(StandardCharsets.US_ASCII));
        return rows;
    }

    private static void writeFile(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
