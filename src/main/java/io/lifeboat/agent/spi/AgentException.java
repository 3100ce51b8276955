package io.lifeboat.agent.spi;

/**
 * An agent could not do its work. {@code retryable} is false when repeating the call cannot help
 * (wrong password, unreadable source, a bad setting), so the runbook fails at once instead of retrying.
 */
public class AgentException extends Exception {

    private final boolean retryable;

    public AgentException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public AgentException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
