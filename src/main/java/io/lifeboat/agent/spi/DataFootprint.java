package io.lifeboat.agent.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a data source's own data lives, as its agent reads the settings: what a restore drill's sandbox must keep
 * clear of, so that a drill never writes over production.
 *
 * @param paths   absolute and normalised: the directories and files the agent backs up, and the local repositories
 *                it keeps the data source's backups in
 * @param servers the PostgreSQL servers that hold the data
 */
public record DataFootprint(List<Path> paths, List<Server> servers) {

    public DataFootprint {
        paths = List.copyOf(paths);
        servers = List.copyOf(servers);
    }

    /**
     * A PostgreSQL server by host and port, as the data source's settings name it.
     *
     * @param database the data source's own database there; null when the data source is the whole cluster
     */
    public record Server(String host, int port, String database) {
    }
}
