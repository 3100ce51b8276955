package io.lifeboat.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.transform.TimedInterrupt;

/**
 * Runs the Groovy scripts the catalog names (a service's hooks, a {@code script} drill check): read on every run, so an
 * operator's fix applies at once, and loaded by Lifeboat's own class loader, so a script sees the JDBC driver and the
 * classes of what it is handed.
 */
public final class GroovyScripts {

    private GroovyScripts() {
    }

    /** @param variables the script's binding, by name */
    public static Object evaluate(Path file, Map<String, ?> variables) throws Exception {
        return shell(variables, new CompilerConfiguration()).evaluate(file.toFile());
    }

    /**
     * As {@link #evaluate(Path, Map)}, stopped once {@code limit} has passed: the script runs on a thread of its own,
     * which is interrupted then (a sleep, a blocking wait), and is compiled with {@link TimedInterrupt}, so a loop that
     * never blocks ends as well. What the script was handed (a connection) is the caller's to cut off.
     *
     * @throws TimeoutException the script ran past the limit
     * @throws Exception        whatever the script threw (an {@link Error} too: a failed Groovy {@code assert}), or reading it
     */
    public static Object evaluate(Path file, Map<String, ?> variables, Duration limit) throws Exception {
        CompilerConfiguration timed = new CompilerConfiguration();
        // in seconds, TimedInterrupt's default unit: a limit below one would stop every script at its first loop
        timed.addCompilationCustomizers(new ASTTransformationCustomizer(
                Map.of("value", Math.max(1, limit.toSeconds())), TimedInterrupt.class));
        ExecutorService thread = Executors.newSingleThreadExecutor(run -> {
            Thread script = new Thread(run, "script " + file.getFileName());
            script.setDaemon(true);
            return script;
        });
        try {
            Future<Object> result = thread.submit(() -> shell(variables, timed).evaluate(file.toFile()));
            try {
                return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                result.cancel(true);
                throw e;
            }
        } finally {
            thread.shutdownNow();
        }
    }

    private static GroovyShell shell(Map<String, ?> variables, CompilerConfiguration configuration) {
        Binding binding = new Binding();
        variables.forEach(binding::setVariable);
        return new GroovyShell(GroovyScripts.class.getClassLoader(), binding, configuration);
    }
}
