package io.lifeboat.check;

import static io.lifeboat.catalog.DrillCheck.COLUMN;
import static io.lifeboat.catalog.DrillCheck.COLUMNS;
import static io.lifeboat.catalog.DrillCheck.LANGUAGE;
import static io.lifeboat.catalog.DrillCheck.MIN_MATCHES;
import static io.lifeboat.catalog.DrillCheck.PATH;
import static io.lifeboat.catalog.DrillCheck.TABLE;
import static io.lifeboat.catalog.DrillCheck.TERM;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lifeboat.catalog.DrillCheck;

/**
 * {@code search}: a {@code term} that must be found in the restored knowledge base, at least {@code minMatches} times
 * (default 1).
 *
 * <ul>
 * <li>In files, {@code path}: a directory (every file below it), a file, or a glob ({@code howto/**.md}), inside a
 * restored directory. A match is a file that holds the term, in any case; files are read as UTF-8 text.</li>
 * <li>By PostgreSQL full-text search, {@code table} and {@code column} or {@code columns}, optionally {@code language}
 * (a text search configuration, default {@code simple}): a match is a row where
 * {@code to_tsvector(language, columns) @@ plainto_tsquery(language, term)}, the term and language bound as
 * parameters.</li>
 * </ul>
 */
final class SearchCheck implements CheckType {

    private static final String GLOB = "*?[{";
    private static final int FIRST_FILES = 10;

    @Override
    public Verdict run(DrillCheck check, RestoredSources restored) throws CheckNotRun, SQLException, IOException {
        String term = CheckType.required(check, TERM);
        int minMatches = check.text(MIN_MATCHES) == null ? 1 : Integer.parseInt(check.text(MIN_MATCHES));
        return check.text(PATH) != null ? inFiles(check, restored, term, minMatches) : inTable(check, restored, term, minMatches);
    }

    private static Verdict inFiles(DrillCheck check, RestoredSources restored, String term, int minMatches)
            throws CheckNotRun, IOException {
        String path = check.text(PATH);
        RestoredSources.RestoredDirectory directory = restored.directory(check.text(DrillCheck.DATA_SOURCE));
        if (!directory.source().paths().isEmpty()) {
            // it counts matches over the whole knowledge base, which a restore of single files does not bring back
            throw CheckNotRun.skipped("the restore brought back only " + String.join(", ", directory.source().paths())
                    + " of data source " + directory.source().dataSource() + ", and " + path + " is searched as a whole");
        }
        List<Path> files = files(directory.directory(), path);
        Path root = directory.directory().normalize();
        String lowerTerm = term.toLowerCase(Locale.ROOT);
        List<String> matching = new ArrayList<>();
        for (Path file : files) {
            if (holds(file, lowerTerm)) {
                matching.add(root.relativize(file).toString());
            }
        }
        String found = "'" + term + "' in " + matching.size() + " of " + files.size() + " files of " + path
                + " in data source " + directory.source().dataSource() + ", " + minMatches + " at least expected"
                + (matching.isEmpty() ? "" : "; the first: " + String.join(", ",
                        matching.subList(0, Math.min(FIRST_FILES, matching.size()))));
        return matching.size() >= minMatches ? Verdict.passed(found) : Verdict.failed(found);
    }

    /** The regular files {@code path} names below the restored directory, in path order. */
    private static List<Path> files(Path restored, String path) throws CheckNotRun, IOException {
        Path directory = restored.normalize();
        int glob = firstGlobCharacter(path);
        String plain = glob < 0 ? path : path.substring(0, path.lastIndexOf('/', glob) + 1);
        Path start = directory.resolve(plain).normalize();
        if (!start.startsWith(directory) || Path.of(path).isAbsolute()) {
            throw CheckNotRun.failed("path " + path + " leaves the restored data");
        }
        if (!Files.exists(start)) {
            throw CheckNotRun.failed(plain.isEmpty() ? "the restored directory " + directory + " is missing"
                    : "path " + plain + " is missing from the restored data (" + directory + ")");
        }
        PathMatcher matcher = glob < 0 ? file -> true : FileSystems.getDefault().getPathMatcher("glob:" + path);
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> matcher.matches(directory.relativize(file)))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static int firstGlobCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (GLOB.indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Line by line, so a large file is never read whole; bytes that are no UTF-8 read as replacement characters. */
    private static boolean holds(Path file, String lowerTerm) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.toLowerCase(Locale.ROOT).contains(lowerTerm)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Verdict inTable(DrillCheck check, RestoredSources restored, String term, int minMatches)
            throws CheckNotRun, SQLException {
        String table = CheckType.required(check, TABLE);
        List<String> columns = check.text(COLUMN) != null ? List.of(check.text(COLUMN)) : check.texts(COLUMNS);
        if (columns.isEmpty()) {
            throw CheckNotRun.failed("setting 'column' or 'columns' is missing");
        }
        String language = check.text(LANGUAGE) == null ? "simple" : check.text(LANGUAGE);
        RestoredDatabase database = restored.database(check.text(DrillCheck.DATA_SOURCE));
        String document;
        String quotedTable;
        try (Statement statement = database.statement()) {
            quotedTable = SqlNames.table(statement, TABLE, table);
            List<String> quoted = new ArrayList<>();
            for (String column : columns) {
                quoted.add("coalesce(" + SqlNames.column(statement, check.text(COLUMN) != null ? COLUMN : COLUMNS, column)
                        + "::text, '')");
            }
            document = String.join(" || ' ' || ", quoted);
        }
        String sql = "SELECT count(*) FROM " + quotedTable + " WHERE to_tsvector(?::regconfig, " + document
                + ") @@ plainto_tsquery(?::regconfig, ?)";
        try (PreparedStatement statement = database.prepare(sql)) {
            statement.setString(1, language);
            statement.setString(2, language);
            statement.setString(3, term);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long matches = rows.getLong(1);
                String found = "'" + term + "' (full-text, " + language + ") in " + matches + (matches == 1 ? " row" : " rows")
                        + " of " + table + "." + (columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")")
                        + " in data source " + database.dataSource()
                        + ", " + minMatches + " at least expected";
                return matches >= minMatches ? Verdict.passed(found) : Verdict.failed(found);
            }
        }
    }
}
