package io.lifeboat.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code processes/} (BPMN, DMN, Camunda Forms) at start-up: the working directory's copy when there is one,
 * so an operator can change a runbook without rebuilding, else the copy packaged in the jar. Unchanged files make
 * no new version (duplicate filtering), also when several nodes start at once.
 */
@Component
public class RunbookDeployer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(RunbookDeployer.class);
    private static final List<String> EXTENSIONS = List.of(".bpmn", ".dmn", ".form");

    private final RepositoryService repository;
    private final Path processesDir;

    public RunbookDeployer(RepositoryService repository, @Value("${lifeboat.processes-dir:./processes}") Path processesDir) {
        this.repository = repository;
        this.processesDir = processesDir;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        DeploymentBuilder deployment = repository.createDeployment()
                .name("lifeboat-runbooks")
                .source("lifeboat")
                .enableDuplicateFiltering(false);
        int files = Files.isDirectory(processesDir) ? addDirectory(deployment) : addClasspath(deployment);
        if (files == 0) {
            throw new IllegalStateException("no runbooks found in " + processesDir.toAbsolutePath() + " nor in the jar");
        }
        deployment.deploy();
    }

    private int addDirectory(DeploymentBuilder deployment) throws IOException {
        LOG.info("deploying runbooks from {}", processesDir.toAbsolutePath());
        try (Stream<Path> paths = Files.walk(processesDir)) {
            List<Path> files = paths.filter(Files::isRegularFile).filter(RunbookDeployer::isRunbook).sorted().toList();
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    deployment.addInputStream(processesDir.relativize(file).toString().replace('\\', '/'), in);
                }
            }
            return files.size();
        }
    }

    private int addClasspath(DeploymentBuilder deployment) throws IOException {
        LOG.info("{} not found; deploying the runbooks packaged in the jar", processesDir.toAbsolutePath());
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:processes/**/*");
        int count = 0;
        for (Resource resource : resources) {
            String name = resource.getFilename();
            if (name != null && EXTENSIONS.stream().anyMatch(name::endsWith)) {
                String path = resource.getURL().toString();
                try (InputStream in = resource.getInputStream()) {
                    deployment.addInputStream(path.substring(path.lastIndexOf("processes/") + "processes/".length()), in);
                }
                count++;
            }
        }
        return count;
    }

    private static boolean isRunbook(Path file) {
        return EXTENSIONS.stream().anyMatch(file.getFileName().toString()::endsWith);
    }
}
