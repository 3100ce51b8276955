package io.lifeboat.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends break-glass grants by themselves once they expire. Every node sweeps; {@link BreakGlassService#expireDue()}
 * makes sure each grant is ended once. A grant outlives its expiry by at most one sweep interval
 * ({@code lifeboat.break-glass.sweep-interval}).
 */
@Component
public class BreakGlassSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(BreakGlassSweeper.class);

    private final BreakGlassService breakGlass;

    public BreakGlassSweeper(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    @Scheduled(fixedDelayString = "${lifeboat.break-glass.sweep-interval:PT30S}")
    public void sweep() {
        int expired = breakGlass.expireDue();
        if (expired > 0) {
            LOG.info("{} break-glass grant(s) expired", expired);
        }
    }
}
