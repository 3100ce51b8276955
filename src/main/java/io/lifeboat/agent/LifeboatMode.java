package io.lifeboat.agent;

import java.util.Locale;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@code lifeboat.mode}: {@code server} (the default: engine, database, web, in-process worker) or {@code agent}
 * (only a worker that pulls backup work over {@code /engine-rest}, for a data host). Agent mode activates the
 * {@value #AGENT_PROFILE} profile before the configuration files are read, so {@code application-agent.yaml} applies
 * and the same jar runs both ways.
 */
public class LifeboatMode implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "lifeboat.mode";
    public static final String AGENT_PROFILE = "agent";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = environment.getProperty(PROPERTY, "server").strip().toLowerCase(Locale.ROOT);
        if (mode.equals("agent")) {
            environment.addActiveProfile(AGENT_PROFILE);
        } else if (!mode.equals("server")) {
            throw new IllegalArgumentException(
                    PROPERTY + " is '" + mode + "'; use 'server' (the default) or 'agent' (a worker on a data host)");
        }
    }

    /** Before the configuration files are read, so the profile's file is among them. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }
}
