package io.lifeboat.agent.spi;

/** The outcome of re-reading a snapshot; {@code detail} says what was checked or what did not match. */
public record Verification(boolean ok, String detail) {

    public static Verification passed(String detail) {
        return new Verification(true, detail);
    }

    public static Verification failed(String detail) {
        return new Verification(false, detail);
    }
}
