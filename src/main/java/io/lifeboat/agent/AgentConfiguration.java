package io.lifeboat.agent;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.backup.BackupExecution;
import io.lifeboat.backup.BackupTaskHandler;
import io.lifeboat.backup.DataSourceAgents;
import io.lifeboat.backup.WorkerProperties;
import io.lifeboat.backup.agent.FilesAgent;
import io.lifeboat.catalog.CatalogConfiguration;
import io.lifeboat.check.RestoredDataChecks;
import io.lifeboat.restore.RestoreExecution;
import io.lifeboat.drill.DrillProperties;
import io.lifeboat.drill.DrillSandboxes;
import io.lifeboat.drill.DrillTaskHandler;
import io.lifeboat.drill.NegativeControl;
import io.lifeboat.drill.SandboxGuard;
import io.lifeboat.restore.RestoreTaskHandler;
import io.lifeboat.restore.RestoredCopies;
import io.lifeboat.restore.RestoredDataCheckRunner;
import io.lifeboat.retention.DeleteTaskHandler;
import io.lifeboat.storage.FreeSpaceProbe;
import io.lifeboat.storage.S3ObjectStores;
import io.lifeboat.storage.StorageProperties;
import io.lifeboat.storage.StoragePublisher;
import io.lifeboat.storage.StorageTargets;

/**
 * Everything agent mode loads, listed here rather than found by scanning: the catalog (data sources and their
 * settings), the storage targets with the S3 publisher, the agents, the handlers of the agent topics (backup and
 * verify, delete) and the worker that pulls tasks over REST. No auto-configuration beyond
 * property binding, so no engine, database, Flyway, web server, webapps, security or scheduler comes along with the
 * jar's dependencies.
 */
@Configuration(proxyBeanMethods = false)
@Profile(LifeboatMode.AGENT_PROFILE)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ConfigurationPropertiesAutoConfiguration.class})
@EnableConfigurationProperties({AgentProperties.class, WorkerProperties.class, StorageProperties.class, DrillProperties.class})
@Import({CatalogConfiguration.class, StorageTargets.class, FreeSpaceProbe.FileStoreProbe.class, S3ObjectStores.class,
        StoragePublisher.class, BackupExecution.class, BackupTaskHandler.class, DeleteTaskHandler.class, DataSourceAgents.class,
        RestoreExecution.class, RestoredCopies.class, RestoredDataChecks.class, RestoredDataCheckRunner.class,
        RestoreTaskHandler.class, SandboxGuard.class, DrillSandboxes.class, NegativeControl.class, DrillTaskHandler.class})
// the agents' own package holds only agents and their helpers
@ComponentScan(basePackageClasses = FilesAgent.class)
public class AgentConfiguration {

    /** What S3 Object Lock retention dates are computed from. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RemoteAgentWorker remoteAgentWorker(AgentProperties agent, WorkerProperties worker, List<AgentTaskHandler> handlers) {
        return new RemoteAgentWorker(agent, handlers, worker.lockDuration().toMillis());
    }
}
