package io.lifeboat.retention;

import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;


import static io.lifeboat.retention.RetentionSweepRunbook.Variables.INITIATOR;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/retention")
@Tag(name = "Retention", description = "GFS retention sweeps (daily at 03:00, or now)")
public class RetentionController {

    private final RuntimeService runtime;

    public RetentionController(RuntimeService runtime) {
        this.runtime = runtime;
    }

    @PostMapping("/sweeps")
    @Operation(summary = "Sweep now", description = "202 with the sweep's id (its process instance); its summary is audited as "
            + "retention.swept and kept in the runbook's history.")
    @ApiResponse(responseCode = "202", description = "the sweep started; its id is its process instance")
    public ResponseEntity<Map<String, String>> sweep(Authentication user) {
        VariableMap variables = Variables.createVariables();
        INITIATOR.put(variables, user.getName());
        ProcessInstance sweep = runtime.startProcessInstanceByMessage(RetentionSweepRunbook.MESSAGE_SWEEP_REQUESTED, variables);
        return ResponseEntity.accepted().body(Map.of("id", sweep.getId()));
    }
}
