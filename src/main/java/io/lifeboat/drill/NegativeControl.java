package io.lifeboat.drill;
import java.util.List;
import org.springframework.stereotype.Component;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.catalog.DrillCheck;
import io.lifeboat.check.CheckResult;
import io.lifeboat.check.RestoredSource;
/** STUB */
@Component
public class NegativeControl {
    public List<SandboxDamage> damage(List<RestoredSource> restored, List<DrillCheck> checks) throws AgentException { throw new UnsupportedOperationException(); }
    public List<String> unseen(List<SandboxDamage> damage, List<CheckResult> results) { throw new UnsupportedOperationException(); }
}
