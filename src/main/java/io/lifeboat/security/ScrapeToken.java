package io.lifeboat.security;

import java.io.IOException;

/** The bearer token Prometheus scrapes {@code /actuator/prometheus} with, in place of a user's password. */
public interface ScrapeToken {

    /** Compared in constant time; false when no token is configured. */
    boolean matches(String presented) throws IOException;
}
