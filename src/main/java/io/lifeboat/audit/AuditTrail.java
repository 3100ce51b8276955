package io.lifeboat.audit;

import java.util.List;

import org.springframework.stereotype.Service;

/** CONTRACT SKELETON: the audit helper replaces the bodies. */
@Service
public class AuditTrail {

    /** Appends one event in the caller's transaction, chained to the one before. */
    public AuditEvent append(AuditRecord record) {
        throw new UnsupportedOperationException("not yet built");
    }

    /** Events in order; {@code subject} or {@code service} null means any. */
    public List<AuditEvent> events(String subject, String service) {
        throw new UnsupportedOperationException("not yet built");
    }

    public ChainVerification verify() {
        throw new UnsupportedOperationException("not yet built");
    }

    /** @param firstBrokenId null when valid */
    public record ChainVerification(boolean valid, long events, Long firstBrokenId) {
    }
}
