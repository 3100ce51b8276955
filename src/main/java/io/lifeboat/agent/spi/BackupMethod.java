package io.lifeboat.agent.spi;

/** Written in lower case in the catalog: {@code full}, {@code incremental}, {@code differential}. */
public enum BackupMethod {
    FULL, INCREMENTAL, DIFFERENTIAL
}
