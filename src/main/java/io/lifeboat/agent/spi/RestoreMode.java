package io.lifeboat.agent.spi;

/** Where a restore puts a data source's data. */
public enum RestoreMode {
    /** Over the data source's own data: restored beside it first, switched in only once it verified. */
    IN_PLACE,
    /** Somewhere else, named per data source by the request; production is never touched. */
    ALTERNATE;

    public String value() {
        return name().toLowerCase().replace('_', '-');
    }
}
