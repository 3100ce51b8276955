package io.lifeboat.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.engine.ProcessVariable;
import io.lifeboat.incident.IncidentService;

/**
 * {@code ${connectorRequest}}: a BPMN service task that queues one outbox message for any {@link Delivery}, in the
 * step's transaction ({@link Outbox#enqueue}). Input parameters: {@code connector} and {@code operation} (which
 * {@link Delivery}), {@code key} (optional; default business key and activity id, so the step run again queues
 * nothing more) and, as the payload, every other input parameter of the task by its name: a text, number or boolean
 * as it is, a map or list (a {@code camunda:map}, an expression) as a JSON object or array. An empty input is left
 * out, so an optional field left blank in the Modeler is absent. The element templates in {@code connectors/} fix
 * connector and operation and list each operation's fields.
 *
 * <p>A connector without settings queues nothing: when the business key is an incident, its timeline says so
 * ("ServiceNow not configured"), and the runbook goes on. An unknown connector or operation fails the step, naming
 * it; {@link ConnectorRequestCheck} refuses it when the diagram is deployed already.
 */
@Component(ConnectorRequestDelegate.BEAN)
public class ConnectorRequestDelegate implements JavaDelegate {

    public static final String BEAN = "connectorRequest";

    /** The input parameters that are not payload; read as the task's own, see {@link #inputs}. */
    public static final ProcessVariable<String> CONNECTOR = ProcessVariable.of("connector", String.class);
    public static final ProcessVariable<String> OPERATION = ProcessVariable.of("operation", String.class);
    public static final ProcessVariable<String> KEY = ProcessVariable.of("key", String.class);

    /** Who writes "... not configured" on an incident's timeline. */

    private static final List<String> NOT_PAYLOAD = List.of(CONNECTOR.name(), OPERATION.name(), KEY.name());

    private final Map<String, Connector> connectors;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final IncidentService incidents;
    private final ObjectMapper json;

    public ConnectorRequestDelegate(List<Connector> connectors, Deliveries deliveries, Outbox outbox,
                                    IncidentService incidents, ObjectMapper json) {
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::name, connector -> connector));
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.incidents = incidents;
        this.json = json;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Map<String, Object> inputs = inputs(execution);
        String operation = text(inputs, OPERATION.name());
        Connector connector = connector(text(inputs, CONNECTOR.name()), operation);
        String businessKey = execution.getProcessBusinessKey();
        Enqueued enqueued = outbox.enqueue(connector, operation, key(execution, Objects.toString(inputs.get(KEY.name()), null)),
                payload(inputs), businessKey);
        if (enqueued instanceof Enqueued.NotConfigured notConfigured && businessKey != null
                && incidents.find(businessKey).isPresent()) {
            incidents.noteOnTimeline(businessKey, Enqueued.NotConfigured.ACTOR, Enqueued.NotConfigured.TIMELINE_KIND,
                    notConfigured.note());
        }
    }

    /**
     * The idempotency key of a step's message: the one given, else business key (or instance id) and activity id, the
     * same each time the step runs in that instance.
     */
    public static String key(DelegateExecution execution, String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String businessKey = execution.getProcessBusinessKey();
        return (businessKey != null ? businessKey : execution.getProcessInstanceId()) + ":" + execution.getCurrentActivityId();
    }

    /**
     * The connector bean of that name, if a delivery of it does this operation.
     *
     * @throws IllegalArgumentException naming the unknown connector or operation, and what there is
     */
    Connector connector(String name, String operation) {
        Connector connector = connectors.get(name);
        if (connector == null) {
            throw new IllegalArgumentException("connector '" + name + "' is not one of " + connectors.keySet().stream().sorted().toList());
        }
        if (deliveries.of(name, operation).isEmpty()) {
            throw new IllegalArgumentException("connector " + name + " has no operation '" + operation + "'");
        }
        return connector;
    }

    private ObjectNode payload(Map<String, Object> inputs) {
        ObjectNode payload = json.createObjectNode();
        inputs.forEach((name, value) -> {
            if (!NOT_PAYLOAD.contains(name)) {
                payload.set(name, json.valueToTree(value));
            }
        });
        return payload;
    }

    /**
     * The task's own input parameters that have a value (not null, not blank), in the diagram's order: the names are
     * read from the diagram, so a process variable of the same name never stands in for a missing input.
     */
    private static Map<String, Object> inputs(DelegateExecution execution) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String name : inputParameters(execution.getBpmnModelElementInstance())) {
            Object value = execution.getVariableLocal(name);
            if (value != null && !(value instanceof String text && text.isBlank())) {
                inputs.put(name, value);
            }
        }
        return inputs;
    }

    private static List<String> inputParameters(FlowElement task) {
        return Optional.ofNullable(task.getExtensionElements()).stream()
                .flatMap(elements -> elements.getElementsQuery().filterByType(CamundaInputOutput.class).list().stream())
                .flatMap(io -> io.getCamundaInputParameters().stream())
                .map(CamundaInputParameter::getCamundaName).toList();
    }

    private static String text(Map<String, Object> inputs, String name) {
        if (!(inputs.get(name) instanceof String text)) {
            throw new IllegalArgumentException("the task's input parameter " + name + " is required, as a text");
        }
        return text.strip();
    }
}
