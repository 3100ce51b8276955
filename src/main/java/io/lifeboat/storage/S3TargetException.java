package io.lifeboat.storage;

import java.util.List;

/** S3 storage targets that Lifeboat cannot use, found at start-up; each problem names its target and bucket. */
public class S3TargetException extends RuntimeException {

    private final List<String> problems;

    public S3TargetException(List<String> problems) {
        super("unusable S3 storage targets: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
