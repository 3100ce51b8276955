package io.lifeboat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** What Lifeboat's registered failure analyzers (META-INF/spring.factories) print for a failed start. */
public final class FailureAnalyses {

    private FailureAnalyses() {
    }

    public static FailureAnalysis analyze(Throwable failure) {
        return SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, null, (type, name, needsArguments) -> { }).stream()
                .map(analyzer -> analyzer.analyze(failure)).filter(analysis -> analysis != null).findFirst()
                .orElseThrow(() -> new AssertionError("no failure analyzer explains " + failure));
    }
}
