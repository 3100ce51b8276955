package io.lifeboat.agent.spi;

import java.time.Instant;

/**
 * Where an agent put a data source's restored data, so the checks that follow can read it and the switch can move it.
 *
 * @param location     a directory (files, restic, pgbackrest's data directory) or a database name (pgdump)
 * @param port         the port a restored PostgreSQL cluster was started on to check it (pgbackrest), else null
 * @param newestChange the newest moment the restored data itself shows: the newest file modification, or the newest
 *                     commit timestamp where PostgreSQL tracks them; null when the data shows none. A restore whose
 *                     data is newer than the moment it claims to represent contradicts itself.
 * @param recoveredTo  the moment the tool says it recovered to (a point-in-time recovery's target), else null
 */
public record RestoredData(String location, Integer port, Instant newestChange, Instant recoveredTo) {
}
