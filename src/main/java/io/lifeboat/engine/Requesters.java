package io.lifeboat.engine;

import java.util.Optional;

/** Finds who asked for a runbook instance, as Lifeboat recorded it when the request arrived. */
@FunctionalInterface
public interface Requesters {

    Optional<String> requesterOf(String processInstanceId);
}
