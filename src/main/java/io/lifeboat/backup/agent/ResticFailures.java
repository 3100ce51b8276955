package io.lifeboat.backup.agent;

import io.lifeboat.agent.spi.AgentException;

/**
 * Turns a failed restic command into an {@link AgentException}, by exit code first and then, because restic 0.14
 * uses exit 1 for most fatal errors, by its stderr text (integrations.md §4.6). Codes 10 to 12 come from restic 0.17
 * and later and mean the same as the 0.14 texts. Anything unknown is a failure; it stays retryable unless repeating
 * it certainly cannot help.
 */
final class ResticFailures {

    static final String WRONG_PASSWORD = "wrong password or no key found";
    static final String LOCKED = "repository is already locked";

    private ResticFailures() {
    }

    /** restic 0.14 says so for {@code cat config} on a path without a repository. */
    static boolean repositoryMissing(ToolProcess.Result result) {
        return result.exitCode() == 10 || result.exitCode() == 1
                && (result.stderr().contains("unable to open config file")
                        || result.stderr().contains("Is there a repository at the following location?"));
    }

    /** Failures of the repository or its access, as opposed to what a command found (like {@code check}'s errors). */
    static boolean isAccessFailure(ToolProcess.Result result) {
        return repositoryMissing(result) || result.exitCode() == 11 || result.exitCode() == 12
                || result.stderr().contains(WRONG_PASSWORD) || result.stderr().contains(LOCKED);
    }

    static AgentException classify(ToolProcess.Result result, String repository) {
        String gist = ResticOutput.stderrGist(result.stderr());
        String prefix = result.command() + " failed (exit " + result.exitCode() + ", repository " + repository + "): ";
        String stderr = result.stderr();
        if (result.exitCode() == 3) {
            return new AgentException(prefix + "some source files could not be read; " + gist, false);
        }
        if (result.exitCode() == 12 || result.exitCode() == 1 && stderr.contains(WRONG_PASSWORD)) {
            return new AgentException(prefix + WRONG_PASSWORD + "; check the data source's passwordRef", false);
        }
        if (result.exitCode() == 11 || result.exitCode() == 1 && stderr.contains(LOCKED)) {
            return new AgentException(prefix + LOCKED + " by another restic process; " + gist, true);
        }
        if (repositoryMissing(result)) {
            return new AgentException(prefix + "there is no restic repository there", false);
        }
        return new AgentException(prefix + (gist.isEmpty() ? "restic printed nothing on stderr" : gist), true);
    }
}
