package io.lifeboat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code Authorization} header value of HTTP Basic, for tests that send requests with the JDK's client. */
public final class BasicAuth {

    private BasicAuth() {
    }

    public static String header(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A demo user, whose password is its name. */
    public static String demo(String user) {
        return header(user, user);
    }
}
