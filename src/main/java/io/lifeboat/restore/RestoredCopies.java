package io.lifeboat.restore;
import java.util.List;
import org.springframework.stereotype.Component;
import io.lifeboat.agent.spi.AgentException;
import io.lifeboat.check.RestoredSource;
/** STUB */
@Component
public class RestoredCopies {
    public List<RestoredSource> sources(RestoredCopy copy) { throw new UnsupportedOperationException(); }
    public void discard(RestoredCopy copy) throws AgentException { throw new UnsupportedOperationException(); }
}
