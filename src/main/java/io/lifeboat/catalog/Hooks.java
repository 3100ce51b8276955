package io.lifeboat.catalog;

/**
 * Groovy scripts, as paths relative to the runbooks directory; any of them may be null. {@code beforeRestore} and
 * {@code afterRestore} run around an in-place restore: typically stopping the application and starting it again.
 */
public record Hooks(String healthCheck, String quiesce, String thaw, String beforeRestore, String afterRestore) {

    public static final Hooks NONE = new Hooks(null, null, null, null, null);
}
