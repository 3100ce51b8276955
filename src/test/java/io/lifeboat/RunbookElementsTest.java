package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.lifeboat.backup.BackupRunbook;
import io.lifeboat.connector.ConnectorDeliveryRunbook;
import io.lifeboat.incident.IncidentRunbook;
import io.lifeboat.incident.IncidentStatusUpdateRunbook;
import io.lifeboat.incident.PostMortemRunbook;
import io.lifeboat.retention.BackupDeletionRunbook;
import io.lifeboat.drill.DrillRunbook;
import io.lifeboat.restore.RestoreRunbook;
import io.lifeboat.retention.RetentionSweepRunbook;

/**
 * Each runbook class's element enum names exactly the flow nodes of its diagram: a step added to the BPMN without a
 * name in code, or a name left behind after a step was removed, fails here instead of in a test asserting a path.
 */
class RunbookElementsTest {

    static Stream<Arguments> runbooks() {
        return Stream.of(
                Arguments.of(BackupRunbook.KEY, BackupRunbook.Element.class),
                Arguments.of(BackupDeletionRunbook.KEY, BackupDeletionRunbook.Element.class),
                Arguments.of(RetentionSweepRunbook.KEY, RetentionSweepRunbook.Element.class),
                Arguments.of(IncidentRunbook.KEY, IncidentRunbook.Element.class),
                Arguments.of(PostMortemRunbook.KEY, PostMortemRunbook.Element.class),
                Arguments.of(IncidentStatusUpdateRunbook.KEY, IncidentStatusUpdateRunbook.Element.class),
                Arguments.of(RestoreRunbook.KEY, RestoreRunbook.Element.class),
                Arguments.of(DrillRunbook.KEY, DrillRunbook.Element.class),
                Arguments.of(ConnectorDeliveryRunbook.KEY, ConnectorDeliveryRunbook.Element.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runbooks")
    void theElementEnumAndTheDiagramsFlowNodesAreTheSameSet(String key, Class<? extends Enum<?>> elements) {
        BpmnModelInstance diagram = Bpmn.readModelFromFile(new File("processes/" + key + ".bpmn"));
        Set<String> flowNodes = diagram.getModelElementsByType(FlowNode.class).stream()
                .map(FlowNode::getId).collect(Collectors.toSet());
        Set<String> named = Arrays.stream(elements.getEnumConstants()).map(Enum::name).collect(Collectors.toSet());

        assertThat(diagram.getDefinitions().getChildElementsByType(Process.class))
                .extracting(Process::getId).contains(key);
        assertThat(named).as("%s's element enum against processes/%s.bpmn", elements.getName(), key)
                .containsExactlyInAnyOrderElementsOf(flowNodes);
    }
}
