package io.lifeboat.retention;

import java.time.Clock;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.lifeboat.engine.RunbookRequest;
import io.lifeboat.engine.RunbookRequests;
import io.lifeboat.web.ApiRefusal;

import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;

/**
 * One retention sweep at a time. A sweep about to start locks the one row of {@code retention_sweep_lock} and looks
 * for another unfinished {@code retention-sweep} instance; the lock lasts until its transaction ends, by when its own
 * instance is committed, so of two sweeps starting together the second waits and then finds the first. A sweep that
 * failed a step stays unfinished (a Camunda incident) and keeps the next one out until an operator retries or deletes it.
 */
@Component
public class SweepClaim {

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final RunbookRequests requests;
    private final Clock clock;

    public SweepClaim(JdbcTemplate jdbc, RuntimeService runtime, RunbookRequests requests, Clock clock) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * Starts a sweep asked for by hand, recording who asked so they cannot approve its deletions themselves, or
     * refuses it while one runs: nothing is started or written then.
     *
     * @throws ApiRefusal 409 naming the running sweep
     */
    @Transactional
    public ProcessInstance startByHand(String initiator) {
        runningSweepOtherThan(null).ifPresent(running -> {
            throw new ApiRefusal(HttpStatus.CONFLICT, "sweep running", "retention sweep " + running
                    + " is still running; one sweep runs at a time");
        });
        VariableMap variables = Variables.createVariables();
        INITIATOR.put(variables, initiator);
        ProcessInstance sweep = runtime.startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED, variables);
        requests.record(new RunbookRequest(sweep.getId(), RetentionSweepRunbook.KEY, sweep.getId(), initiator,
                "retention sweep by hand", clock.instant()));
        return sweep;
    }

    /**
     * In the caller's transaction, which must go on to start (or be) the new sweep.
     *
     * @param self the new sweep's process instance, or null before it is started
     * @return the process instance id of a sweep that is still running, if any
     */
    public Optional<String> runningSweepOtherThan(String self) {
        jdbc.queryForObject("SELECT id FROM retention_sweep_lock WHERE id = 1 FOR UPDATE", Integer.class);
        return runtime.createProcessInstanceQuery().processDefinitionKey(RetentionSweepRunbook.KEY).list().stream()
                .map(ProcessInstance::getId)
                .filter(id -> !id.equals(self))
                .findFirst();
    }
}
