package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.lifeboat.backup.AgentTaskHandler;
import io.lifeboat.connector.ConnectorRequestDelegate;
import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.http.HttpCall;
import io.lifeboat.connector.http.HttpConnector;

import static org.camunda.bpm.model.bpmn.impl.BpmnModelConstants.CAMUNDA_NS;

/**
 * The Modeler's element templates in {@code connectors/} against the application and the runbooks: each template's
 * delegate is a {@link JavaDelegate} bean and each topic one an {@link AgentTaskHandler} works; every delegate and
 * topic a task of {@code processes/*.bpmn} uses has a template, so a new step without one fails here, named; and a
 * template presets what the runbooks do with the step (asyncBefore, its input parameters). A template of
 * {@code connectorRequest} fixes a connector and an operation that a {@link Delivery} bean does, and every
 * {@link Delivery} has a template, so a new operation without one fails here, named. The schema is checked by
 * {@code connectors/validate.js} in CI.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:element-templates-test;DB_CLOSE_DELAY=-1",
        "camunda.bpm.job-execution.enabled=false",
        "lifeboat.scheduler.enabled=false",
        "lifeboat.worker.enabled=false"})
class ElementTemplatesTest {

    /** Delegates that queue one operation of their own rather than the one their inputs name. */
    private static final Map<String, String> DEDICATED_DELEGATES = Map.of("httpCall", operation(HttpConnector.NAME, HttpCall.OPERATION));

    private static final Pattern BEAN_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private static List<Template> templates;
    private static List<Step> steps;

    @Autowired
    ApplicationContext context;
    @Autowired
    List<AgentTaskHandler> handlers;

    @BeforeAll
    static void readTemplatesAndRunbooks() {
        templates = readTemplates();
        steps = readSteps();
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        TestDataDirectory.register(registry, "element-templates");
    }

    @Test
    void thereAreTemplatesForDelegatesAndForTopics() {
        assertThat(templates).anyMatch(template -> template.bean() != null).anyMatch(template -> template.topic() != null);
    }

    @Test
    void everyTemplatesDelegateExpressionNamesAJavaDelegateBean() {
        List<String> problems = new ArrayList<>();
        for (Template template : templates) {
            if (template.delegateExpression() == null) {
                continue;
            }
            if (template.bean() == null) {
                problems.add(template + ": delegate expression " + template.delegateExpression() + " is no ${bean}");
            } else if (!context.containsBean(template.bean())) {
                problems.add(template + ": no bean " + template.bean() + " in the application");
            } else if (!context.isTypeMatch(template.bean(), JavaDelegate.class)) {
                problems.add(template + ": bean " + template.bean() + " implements "
                        + Arrays.toString(context.getType(template.bean()).getInterfaces()) + ", not JavaDelegate");
            }
        }
        assertThat(problems).as("templates whose delegate the application lacks").isEmpty();
    }

    @Test
    void everyTemplatesTopicIsWorkedByAnAgentTaskHandler() {
        Set<String> worked = handlers.stream().flatMap(handler -> handler.topics().stream()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Template template : templates) {
            if (template.topic() != null && !worked.contains(template.topic())) {
                problems.add(template + ": no AgentTaskHandler works topic " + template.topic() + " (they work " + worked + ")");
            }
            if (template.topic() != null && !"external".equals(template.type())) {
                problems.add(template + ": topic " + template.topic() + " without camunda:type external");
            }
        }
        assertThat(problems).as("templates whose topic nobody works").isEmpty();
    }

    @Test
    void everyDelegateAndTopicTheRunbooksUseHasATemplate() {
        Set<String> beans = templates.stream().map(Template::bean).filter(bean -> bean != null).collect(Collectors.toSet());
        Set<String> topics = templates.stream().map(Template::topic).filter(topic -> topic != null).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (Step step : steps) {
            if (step.delegateExpression() != null && !beans.contains(step.bean())) {
                missing.add(step + " uses " + step.delegateExpression() + ", which no template in connectors/ offers");
            }
            if (step.topic() != null && !topics.contains(step.topic())) {
                missing.add(step + " uses topic " + step.topic() + ", which no template in connectors/ offers");
            }
        }
        assertThat(steps).isNotEmpty();
        assertThat(missing).as("steps without an element template (add one to connectors/, see its README)").isEmpty();
    }

    @Test
    void eachConnectorRequestTemplateFixesAnOperationADeliveryDoes() {
        Set<String> delivered = deliveries();
        List<String> problems = new ArrayList<>();
        for (Template template : templates) {
            if (ConnectorRequestDelegate.BEAN.equals(template.bean()) && template.operation() == null) {
                problems.add(template + ": no hidden connector and operation inputs (one template per operation)");
            } else if (template.operation() != null && !delivered.contains(template.operation())) {
                problems.add(template + ": no Delivery bean does " + template.operation() + " (there are " + new TreeSet<>(delivered) + ")");
            }
        }
        assertThat(problems).as("templates of operations no Delivery does").isEmpty();
    }

    @Test
    void everyDeliveryHasATemplate() {
        Set<String> offered = templates.stream().map(template -> template.operation() != null ? template.operation()
                : template.bean() != null ? DEDICATED_DELEGATES.get(template.bean()) : null)
                .filter(operation -> operation != null).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(deliveries());
        missing.removeAll(offered);
        assertThat(missing).as("operations of Delivery beans without an element template (add one to connectors/, see its README)")
                .isEmpty();
    }

    @Test
    void eachTemplatePresetsWhatTheRunbooksDoWithItsStep() {
        Map<String, Template> byBean = templates.stream().filter(template -> template.bean() != null)
                .collect(Collectors.toMap(Template::selector, Function.identity()));
        Map<String, Template> byTopic = templates.stream().filter(template -> template.topic() != null)
                .collect(Collectors.toMap(Template::topic, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (Step step : steps) {
            Template template = step.topic() != null ? byTopic.get(step.topic()) : byBean.get(step.selector());
            if (template == null) {
                continue; // named by everyDelegateAndTopicTheRunbooksUseHasATemplate
            }
            if (step.asyncBefore() != template.asyncBefore()) {
                problems.add(step + " has asyncBefore " + step.asyncBefore() + ", " + template + " presets " + template.asyncBefore());
            }
            if (!step.inputs().equals(template.inputs())) {
                problems.add(step + " has the input parameters " + step.inputs() + ", " + template + " offers " + template.inputs());
            }
        }
        assertThat(problems).as("templates that would model a step otherwise than the runbooks do").isEmpty();
    }

    private Set<String> deliveries() {
        return context.getBeansOfType(Delivery.class).values().stream()
                .map(delivery -> operation(delivery.connector(), delivery.operation())).collect(Collectors.toSet());
    }

    private static String operation(String connector, String operation) {
        return connector == null || operation == null ? null : connector + " " + operation;
    }

    /**
     * One element template: the file it is in, its id and what its properties bind; {@code fixed} holds its hidden
     * input parameters, such as {@code connector} and {@code operation}.
     */
    record Template(String file, String id, String delegateExpression, String type, String topic, boolean asyncBefore,
                    Set<String> inputs, Map<String, String> fixed) {

        String bean() {
            return beanOf(delegateExpression);
        }

        /** The connector and operation it fixes, e.g. "servicenow incident.open"; null when it fixes none. */
        String operation() {
            return ElementTemplatesTest.operation(fixed.get("connector"), fixed.get("operation"));
        }

        /** What tells a step of its bean apart: the bean, and the operation for {@code connectorRequest}. */
        String selector() {
            return operation() == null ? bean() : bean() + " " + operation();
        }

        @Override
        public String toString() {
            return "connectors/" + file + " " + id;
        }

        static Template of(String file, JsonNode template) {
            Map<String, String> bound = new HashMap<>();
            Set<String> inputs = new TreeSet<>();
            Map<String, String> fixed = new HashMap<>();
            for (JsonNode property : template.path("properties")) {
                JsonNode binding = property.path("binding");
                String name = binding.path("name").asText();
                switch (binding.path("type").asText()) {
                    case "property" -> bound.put(name, property.path("value").asText());
                    case "camunda:inputParameter" -> {
                        inputs.add(name);
                        if ("Hidden".equals(property.path("type").asText())) {
                            fixed.put(name, property.path("value").asText());
                        }
                    }
                    default -> { }
                }
            }
            return new Template(file, template.path("id").asText(), bound.get("camunda:delegateExpression"),
                    bound.get("camunda:type"), bound.get("camunda:topic"), "true".equals(bound.get("camunda:asyncBefore")), inputs, fixed);
        }
    }

    /**
     * A task of a runbook that runs a delegate by bean name or is an external task on a topic; {@code values} holds
     * its input parameters written as plain text.
     */
    record Step(String file, String id, String delegateExpression, String topic, boolean asyncBefore, Set<String> inputs,
                Map<String, String> values) {

        String bean() {
            return beanOf(delegateExpression);
        }

        /** As {@link Template#selector()}. */
        String selector() {
            String operation = operation(values.get("connector"), values.get("operation"));
            return operation == null ? bean() : bean() + " " + operation;
        }

        @Override
        public String toString() {
            return "processes/" + file + " " + id;
        }
    }

    private static String beanOf(String delegateExpression) {
        Matcher bean = delegateExpression == null ? null : BEAN_EXPRESSION.matcher(delegateExpression);
        return bean != null && bean.matches() ? bean.group(1) : null;
    }

    private static List<Template> readTemplates() {
        ObjectMapper json = new ObjectMapper();
        List<Template> templates = new ArrayList<>();
        for (File file : files("connectors", ".json")) {
            try {
                JsonNode content = json.readTree(file);
                Iterable<JsonNode> each = content.isArray() ? content : List.of(content);
                StreamSupport.stream(each.spliterator(), false).map(template -> Template.of(file.getName(), template))
                        .forEach(templates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return templates;
    }

    private static List<Step> readSteps() {
        List<Step> steps = new ArrayList<>();
        for (File file : files("processes", ".bpmn")) {
            for (Task task : Bpmn.readModelFromFile(file).getModelElementsByType(Task.class)) {
                String delegateExpression = task.getAttributeValueNs(CAMUNDA_NS, "delegateExpression");
                String topic = "external".equals(task.getAttributeValueNs(CAMUNDA_NS, "type"))
                        ? task.getAttributeValueNs(CAMUNDA_NS, "topic") : null;
                if (delegateExpression != null || topic != null) {
                    steps.add(new Step(file.getName(), task.getId(), delegateExpression, topic,
                            "true".equals(task.getAttributeValueNs(CAMUNDA_NS, "asyncBefore")), inputsOf(task).keySet(),
                            inputsOf(task)));
                }
            }
        }
        return steps;
    }

    /** Each input parameter by name, with its text (empty for a map, list or script). */
    private static Map<String, String> inputsOf(Task task) {
        Map<String, String> inputs = new TreeMap<>();
        if (task.getExtensionElements() != null) {
            task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list().forEach(io ->
                    io.getCamundaInputParameters().forEach(input -> inputs.put(input.getCamundaName(),
                            input.getDomElement().getChildElements().isEmpty() ? input.getTextContent().strip() : "")));
        }
        return inputs;
    }

    private static List<File> files(String directory, String suffix) {
        File[] found = new File(directory).listFiles((dir, name) -> name.endsWith(suffix));
        assertThat(found).as("%s/*%s", directory, suffix).isNotEmpty();
        return Arrays.stream(found).sorted().toList();
    }
}
