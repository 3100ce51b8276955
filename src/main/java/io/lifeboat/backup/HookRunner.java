package io.lifeboat.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.GroovyScripts;
import io.lifeboat.catalog.Hooks;
import io.lifeboat.catalog.ServiceDefinition;

/**
 * Runs a service's Groovy hooks. A script sees {@code service}, {@code runbooksDir} and {@code log}; a health check
 * returns true when the service is healthy. Scripts are read on every run, so an operator's fix applies at once.
 */
@Component
public class HookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    private final Catalog catalog;

    public HookRunner(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Quiesce, thaw or around a restore; a failing script throws, so the step is retried and finally becomes an incident. */
    public void run(ServiceDefinition service, Hook hook) {
        evaluate(service, hook);
    }

    /** @return null when healthy (or no check is configured), else why not; a throwing check counts as unhealthy */
    public String healthProblem(ServiceDefinition service) {
        try {
            Object result = evaluate(service, Hook.HEALTH_CHECK);
            return Boolean.TRUE.equals(result) ? null : "health check of " + service.id() + " returned " + result;
        } catch (RuntimeException e) {
            return "health check of " + service.id() + " failed: " + e.getMessage();
        }
    }

    private Object evaluate(ServiceDefinition service, Hook hook) {
        String script = hook.scriptOf(service.hooks());
        if (script == null) {
            LOG.debug("{} has no {} hook", service.id(), hook.key);
            return Boolean.TRUE;
        }
        Path file = catalog.runbooksDir().resolve(script);
        LOG.info("running {} hook of {}: {}", hook.key, service.id(), script);
        try {
            return GroovyScripts.evaluate(file, Map.of("service", service, "runbooksDir", catalog.runbooksDir(),
                    "log", LoggerFactory.getLogger("lifeboat.hooks." + service.id())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hook.key + " hook " + file, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Groovy lets a script throw a checked exception it never declared
            throw new IllegalStateException(hook.key + " hook " + script + " of " + service.id() + " failed: " + e, e);
        }
    }

    /** The hooks a catalog service can have, by the name the runbook's hook tasks pass in. */
    public enum Hook {
        HEALTH_CHECK("healthCheck", Hooks::healthCheck),
        QUIESCE("quiesce", Hooks::quiesce),
        THAW("thaw", Hooks::thaw),
        BEFORE_RESTORE("beforeRestore", Hooks::beforeRestore),
        AFTER_RESTORE("afterRestore", Hooks::afterRestore);

        private final String key;
        private final Function<Hooks, String> script;

        Hook(String key, Function<Hooks, String> script) {
            this.key = key;
            this.script = script;
        }

        String scriptOf(Hooks hooks) {
            return hooks == null ? null : script.apply(hooks);
        }

        public static Hook byKey(String key) {
            for (Hook hook : values()) {
                if (hook.key.equals(key)) {
                    return hook;
                }
            }
            throw new IllegalArgumentException("unknown hook '" + key + "'");
        }
    }
}
