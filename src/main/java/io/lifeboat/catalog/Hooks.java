package io.lifeboat.catalog;

/** Groovy scripts, as paths relative to the runbooks directory; any of them may be null. */
public record Hooks(String healthCheck, String quiesce, String thaw) {

    public static final Hooks NONE = new Hooks(null, null, null);
}
