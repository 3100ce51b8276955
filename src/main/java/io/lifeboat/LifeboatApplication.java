package io.lifeboat;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.lifeboat.agent.AgentConfiguration;
import io.lifeboat.agent.LifeboatMode;

/** The server: engine, database, web and the in-process worker; skipped in agent mode ({@link AgentConfiguration}). */
@SpringBootApplication
@Profile("!" + LifeboatMode.AGENT_PROFILE)
@EnableScheduling
@ConfigurationPropertiesScan
public class LifeboatApplication {

    /** One clock for every time Lifeboat records, so tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        // one jar, two modes: lifeboat.mode decides which of the two sources applies (LifeboatMode)
        SpringApplication.run(new Class<?>[] {LifeboatApplication.class, AgentConfiguration.class}, args);
    }
}
