package io.lifeboat.drill;

import java.util.List;

import io.lifeboat.agent.spi.AgentException;

/**
 * A drill's sandbox would touch a production location: refused before anything is written, never retried. Each clash
 * names both sides ("sandbox /x/y is inside production path /x of ticket-db (data source tickets)").
 */
public class SandboxClashException extends AgentException {

    private final List<String> clashes;

    public SandboxClashException(String serviceId, List<String> clashes) {
        super("refused the sandbox of " + serviceId + ": " + String.join("; ", clashes), false);
        this.clashes = List.copyOf(clashes);
    }

    public List<String> clashes() {
        return clashes;
    }
}
