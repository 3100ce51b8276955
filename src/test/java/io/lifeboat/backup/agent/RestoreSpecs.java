package io.lifeboat.backup.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.lifeboat.agent.spi.RestoreMode;
import io.lifeboat.agent.spi.RestoreSpec;

/** What the restore runbook asks of an agent, for agent tests. */
public final class RestoreSpecs {

    private RestoreSpecs() {
    }

    public static RestoreSpec inPlace(String restoreId) {
        return new RestoreSpec(restoreId, RestoreMode.IN_PLACE, Map.of(), List.of(), null);
    }

    /** Into {@code destination}, only {@code paths} if any are given. */
    public static RestoreSpec alternate(String restoreId, Path destination, String... paths) {
        return new RestoreSpec(restoreId, RestoreMode.ALTERNATE, Map.of("path", destination.toString()), List.of(paths), null);
    }
}
