package io.lifeboat.audit;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains at start-up that the audit trail has no usable key, instead of a stack trace. */
public class AuditKeyFailureAnalyzer extends AbstractFailureAnalyzer<AuditKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AuditKeyException cause) {
        return new FailureAnalysis("Lifeboat cannot key its audit trail: " + cause.getMessage(),
                "Set " + AuditKey.PROPERTY + " to \\${env:NAME} or \\${file:/path} (escaped in application settings)"
                        + " holding at least " + AuditKey.MIN_LENGTH + " random characters, e.g. from"
                        + " 'openssl rand -hex 32', and keep it outside the database: whoever has it can rewrite the"
                        + " trail undetected. Keep the same key for the life of the trail. The demo profile uses the"
                        + " public runbooks/secrets/demo-audit.key.", cause);
    }
}
