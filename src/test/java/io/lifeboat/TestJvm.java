package io.lifeboat;

import java.util.ArrayList;
import java.util.List;

/** The command line of a second JVM running a main class of this test run, on the same Java and classpath. */
public final class TestJvm {

    private TestJvm() {
    }

    public static List<String> commandLine(Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }
}
