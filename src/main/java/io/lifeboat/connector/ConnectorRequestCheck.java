package io.lifeboat.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.impl.util.xml.Namespace;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import static io.lifeboat.connector.ConnectorRequestDelegate.CONNECTOR;
import static io.lifeboat.connector.ConnectorRequestDelegate.OPERATION;

/**
 * Refuses to deploy a diagram with a {@code ${connectorRequest}} task whose {@code connector} or {@code operation}
 * input names none there is, so a mistyped operation in a bundled runbook stops start-up naming the task instead of
 * failing when an incident reaches it. An input given as an expression is only known when the step runs, and is
 * checked then.
 */
@Component
public class ConnectorRequestCheck extends AbstractProcessEnginePlugin {

    private static final Namespace CAMUNDA = new Namespace(BpmnParser.CAMUNDA_BPMN_EXTENSIONS_NS);
    private static final String DELEGATE_EXPRESSION = "${" + ConnectorRequestDelegate.BEAN + "}";

    // the delegate needs beans that need the engine, so it is looked up when a diagram is parsed, after start-up
    private final ObjectProvider<ConnectorRequestDelegate> delegate;

    public ConnectorRequestCheck(ObjectProvider<ConnectorRequestDelegate> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseServiceTask(Element task, ScopeImpl scope, ActivityImpl activity) {
                if (DELEGATE_EXPRESSION.equals(task.attributeNS(CAMUNDA, "delegateExpression"))) {
                    check(task);
                }
            }
        });
    }

    private void check(Element task) {
        Map<String, String> inputs = constantInputs(task);
        String connector = inputs.get(CONNECTOR.name());
        String operation = inputs.get(OPERATION.name());
        if (connector == null || operation == null) {
            return;
        }
        try {
            delegate.getObject().connector(connector, operation);
        } catch (IllegalArgumentException unknown) {
            throw new ProcessEngineException("task " + task.attribute("id") + " (" + ConnectorRequestDelegate.BEAN + "): "
                    + unknown.getMessage());
        }
    }

    /** Input parameters written as plain text; an expression's value is not known before the step runs. */
    private static Map<String, String> constantInputs(Element task) {
        Map<String, String> inputs = new HashMap<>();
        Element extensions = task.element("extensionElements");
        Element io = extensions == null ? null : extensions.elementNS(CAMUNDA, "inputOutput");
        if (io != null) {
            for (Element input : io.elementsNS(CAMUNDA, "inputParameter")) {
                String text = input.getText() == null ? "" : input.getText().strip();
                if (input.elements().isEmpty() && !text.contains("${") && !text.contains("#{")) {
                    inputs.put(input.attribute("name"), text);
                }
            }
        }
        return inputs;
    }
}
