package io.lifeboat.storage;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains at start-up which S3 storage target is unusable and why, instead of a stack trace. */
public class S3TargetFailureAnalyzer extends AbstractFailureAnalyzer<S3TargetException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, S3TargetException cause) {
        String description = "Lifeboat cannot use " + cause.problems().size() + " S3 storage target setting(s):\n\n"
                + cause.problems().stream().map(problem -> "  - " + problem + "\n").collect(Collectors.joining());
        String action = "Fix lifeboat.storage.targets.<id> in the application settings, or the bucket: a WORM target"
                + " needs a bucket created with Object Lock enabled (which also enables versioning), e.g."
                + " aws s3api create-bucket --object-lock-enabled-for-bucket. Then start again.";
        return new FailureAnalysis(description, action, cause);
    }
}
