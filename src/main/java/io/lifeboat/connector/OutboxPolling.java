package io.lifeboat.connector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The dispatcher's passes, every {@code lifeboat.connectors.outbox.poll-interval}; off with {@code enabled: false}. */
@Component
@ConditionalOnProperty(name = "lifeboat.connectors.outbox.enabled", havingValue = "true", matchIfMissing = true)
public class OutboxPolling {

    private final OutboxDispatcher dispatcher;

    public OutboxPolling(OutboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${lifeboat.connectors.outbox.poll-interval:PT2S}", initialDelayString = "PT2S")
    public void poll() {
        dispatcher.dispatchDue();
    }
}
