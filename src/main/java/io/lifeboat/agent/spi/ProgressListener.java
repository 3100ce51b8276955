package io.lifeboat.agent.spi;

/** Long agent work reports here, so the worker can show progress and keep its lock. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total, message) -> { };

    /** @param total 0 when unknown */
    void progress(long bytesDone, long bytesTotal, String message);
}
