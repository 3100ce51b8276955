package io.lifeboat.backup.agent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One table's {@code <table>.jsonl}: written with its SHA-256 and size, and checked against the manifest's entry. */
final class ServiceNowExportFile {

    /** Problems named per file; the count says how many there are in all. */
    private static final int NAMED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Written(long bytes, String sha256) {
    }

    private ServiceNowExportFile() {
    }

    /** Each line and a newline, flushed to disk before this returns. */
    static Written write(Path file, Collection<String> lines) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (FileOutputStream out = new FileOutputStream(file.toFile());
             BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(out, digest),
                     StandardCharsets.UTF_8))) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
            writer.flush();
            out.getFD().sync();
        }
        return new Written(Files.size(file), Sha256.hex(digest));
    }

    /**
     * What is wrong with the file against its manifest entry: missing, another SHA-256 or line count, a line that is
     * no JSON object with a sys_id, a sys_id twice; empty when nothing is.
     */
    static List<String> problems(Path file, ServiceNowExportManifest.Table table) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of(table.file() + " is missing");
        }
        List<String> problems = new ArrayList<>();
        Set<String> sysIds = new HashSet<>();
        MessageDigest digest = Sha256.newDigest();
        long lines = 0;
        long bad = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new DigestInputStream(Files.newInputStream(file), digest), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                String problem = lineProblem(line, sysIds);
                if (problem != null && bad++ < NAMED) {
                    problems.add("line " + lines + " " + problem);
                }
            }
        }
        if (bad > NAMED) {
            problems.add((bad - NAMED) + " more bad lines");
        }
        String sha256 = Sha256.hex(digest);
        if (!sha256.equals(table.sha256())) {
            problems.add(0, "SHA-256 " + sha256 + " differs from the manifest's " + table.sha256());
        }
        if (lines != table.count()) {
            problems.add(0, lines + " lines where the manifest counts " + table.count() + " rows");
        }
        return problems;
    }

    private static String lineProblem(String line, Set<String> sysIds) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return "is not JSON: " + e.getOriginalMessage();
        }
        String sysId = row == null || !row.isObject() ? "" : row.path(ServiceNowTableExport.SYS_ID).asText("");
        if (sysId.isEmpty()) {
            return "is no row with a sys_id";
        }
        return sysIds.add(sysId) ? null : "repeats sys_id " + sysId;
    }
}
