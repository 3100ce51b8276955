package io.lifeboat.engine;

/**
 * What a runbook's records do when one of its steps exhausts its retries and becomes a Camunda incident, and when an
 * operator retries it. Each capability with a runbook is a bean of its own ({@link StepIncidentHandler} calls them
 * all), so the engine knows no runbook; each ignores instances that are not its own.
 */
public interface StepIncidents {

    /** The step {@code activityId} of the instance failed after its retries with {@code message}. */
    void failed(String processInstanceId, String activityId, String message);

    /**
     * The failed step is retried (Cockpit's Retry) by {@code user}, or the engine when nobody is authenticated. May
     * refuse the retry with a ProcessEngineException saying why.
     */
    void retried(String processInstanceId, String activityId, String user);
}
