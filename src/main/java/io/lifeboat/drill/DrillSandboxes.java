package io.lifeboat.drill;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.ServiceDefinition;
/** STUB */
@Component
public class DrillSandboxes {
    public Map<String, Map<String, Object>> plan(ServiceDefinition service, String drillId) throws AgentException { throw new UnsupportedOperationException(); }
    public Optional<String> problem(ServiceDefinition service) { throw new UnsupportedOperationException(); }
    public void removeDirectory(String drillId) throws AgentException { throw new UnsupportedOperationException(); }
}
