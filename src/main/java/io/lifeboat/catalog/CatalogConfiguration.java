package io.lifeboat.catalog;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

import io.lifeboat.agent.spi.BackupAgent;
import io.lifeboat.storage.StorageProperties;

@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CatalogConfiguration.class);

    /** A bad catalog fails here, and so stops start-up; {@link CatalogFailureAnalyzer} prints its errors. */
    @Bean
    public Catalog catalog(@Value("${lifeboat.runbooks-dir:./runbooks}") Path runbooksDir,
                           @Value("${lifeboat.data-dir:./data}") Path dataDir,
                           ObjectProvider<BackupAgent> agents,
                           StorageProperties storage,
                           ResourceLoader resourceLoader) {
        Path dir = RunbooksLocation.resolve(runbooksDir, dataDir,
                ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
        Catalog catalog = new CatalogLoader(agents.orderedStream().toList(), storage).load(dir);
        if (catalog.services().isEmpty()) {
            log.warn("The service catalog in {} has no services: nothing will be backed up", dir);
        } else {
            log.info("Service catalog: {} services ({})", catalog.services().size(),
                    String.join(", ", catalog.services().stream().map(ServiceDefinition::id).toList()));
        }
        return catalog;
    }
}
