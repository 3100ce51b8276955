package io.lifeboat.connector.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.lifeboat.connector.ConnectorRequestDelegate;
import io.lifeboat.connector.Outbox;
import io.lifeboat.engine.ProcessVariable;

/**
 * {@code ${httpCall}}: a BPMN service task's HTTP request, queued in the step's transaction and sent by the outbox.
 * Input parameters: {@code url}, {@code method} (default POST), {@code headers} (a map; a secret as its reference,
 * written {@code \${env:NAME}} so the engine does not evaluate it), {@code body} (a JMustache template, rendered with
 * the instance's text, number and boolean variables when it is sent), {@code expectedStatus} (default any 2xx),
 * {@code timeout} (ISO-8601, default {@code lifeboat.connectors.http.read-timeout}) and {@code key} (default business key and activity id: the step run twice sends once). Put the task after an async
 * boundary with a retry cycle, as every side effect.
 */
@Component("httpCall")
public class HttpCallDelegate implements JavaDelegate {

    public static final ProcessVariable<String> URL = ProcessVariable.of("url", String.class);
    public static final ProcessVariable<String> METHOD = ProcessVariable.of("method", String.class);
    @SuppressWarnings("rawtypes")
    public static final ProcessVariable<Map> HEADERS = ProcessVariable.of("headers", Map.class);
    public static final ProcessVariable<String> BODY = ProcessVariable.of("body", String.class);
    public static final ProcessVariable<Object> EXPECTED_STATUS = ProcessVariable.of("expectedStatus", Object.class);
    public static final ProcessVariable<String> TIMEOUT = ProcessVariable.of("timeout", String.class);
    public static final ProcessVariable<String> KEY = ProcessVariable.of("key", String.class);

    private final Outbox outbox;
    private final HttpConnector connector;
    private final ObjectMapper json;

    public HttpCallDelegate(Outbox outbox, HttpConnector connector, ObjectMapper json) {
        this.outbox = outbox;
        this.connector = connector;
        this.json = json;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Map<String, String> headers = new LinkedHashMap<>();
        HEADERS.optionalFrom(execution).ifPresent(given -> given.forEach((name, value) ->
                headers.put(String.valueOf(name), value == null ? null : String.valueOf(value))));
        HttpCallRequest request = new HttpCallRequest(HttpCallRequest.uri(URL.from(execution)),
                METHOD.optionalFrom(execution).orElse(null), headers, BODY.optionalFrom(execution).orElse(null),
                templateVariables(execution), EXPECTED_STATUS.optionalFrom(execution).map(HttpCallDelegate::status).orElse(null),
                TIMEOUT.optionalFrom(execution).map(HttpCallRequest::duration).orElse(null));
        outbox.enqueue(connector, HttpCall.OPERATION, ConnectorRequestDelegate.key(execution, KEY.optionalFrom(execution).orElse(null)),
                request.toPayload(json), execution.getProcessBusinessKey());
    }

    /** Text, number and boolean variables only: objects and files are not for a template. */
    private ObjectNode templateVariables(DelegateExecution execution) {
        ObjectNode variables = json.createObjectNode();
        execution.getVariables().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                variables.set(name, json.valueToTree(value));
            }
        });
        return variables;
    }

    private static Integer status(Object value) {
        try {
            return value instanceof Number number ? number.intValue() : Integer.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expectedStatus must be an HTTP status, not '" + value + "'");
        }
    }
}
