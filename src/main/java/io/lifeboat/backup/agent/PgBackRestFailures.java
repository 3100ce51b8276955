package io.lifeboat.backup.agent;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lifeboat.agent.spi.AgentException;

/**
 * Turns a failed pgBackRest command into an {@link AgentException}. Its exit code is the number of the error that
 * ended it ({@code ERROR: [037]: …} exits 37; numbers from pgBackRest's {@code src/build/error/error.yaml}). Code 104
 * only says "the command encountered errors", so the first {@code ERROR: [n]} line, the cause, decides instead.
 * Unknown numbers stay retryable, as for restic.
 */
final class PgBackRestFailures {

    static final int BACKUP_SET_INVALID = 75;

    /**
     * Errors repeating cannot fix: configuration and options (27–37), PostgreSQL running where it must not (38), a
     * non-empty path (40), archive or database mismatches (44, 45, 51, 58), an unsupported version (46), a bad archive
     * command or disabled archiving (68, 87), a backup set that cannot be expired (75), a missing database (80), file
     * modes and owners (83, 88), a missing user (89), encryption (95), no valid repository (103), access denied (105).
     */
    private static final Set<Integer> PERMANENT = Set.of(27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 40, 44, 45, 46,
            51, 58, 68, 75, 80, 83, 87, 88, 89, 95, 103, 105);

    private static final Pattern ERROR_LINE = Pattern.compile("ERROR: \\[(\\d{3})]: (.*)");

    private PgBackRestFailures() {
    }

    static AgentException classify(ToolProcess.Result result, String stanza) {
        Matcher error = ERROR_LINE.matcher(result.stderr() + "\n" + result.stdout());
        int code = result.exitCode();
        String line = ToolProcess.gist(result.stderr());
        if (error.find()) {
            code = Integer.parseInt(error.group(1));
            line = error.group(0);
        }
        String message = result.command() + " failed (exit " + result.exitCode() + ", stanza " + stanza + "): "
                + (line.isEmpty() ? "pgBackRest printed nothing on stderr" : line);
        if (code == BACKUP_SET_INVALID) {
            message += "; pgBackRest keeps a full backup while later backups depend on it and until a newer full backup"
                    + " exists";
        }
        return new AgentException(message, !PERMANENT.contains(code));
    }
}
