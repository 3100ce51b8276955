package io.lifeboat.backup.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.TestJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The environment a tool gets, and what becomes of it when the JVM that started it dies. */
class ToolProcessTest {

    private static final Path SLEEP = Path.of("/usr/bin/sleep");

    @TempDir
    Path dir;

    /** A JVM that runs a tool as an agent does and waits for it; the test kills this JVM. */
    static final class StartsATool {

        public static void main(String[] args) throws Exception {
            // sleep writes nothing, so unlike restic's progress it cannot die of SIGPIPE once nobody reads its output
            ToolProcess.run("sleep", List.of(SLEEP.toString(), "300"), List.of(), Map.of(), Duration.ofMinutes(10));
        }
    }

    @Test
    void aToolDoesNotOutliveTheJvmThatStartedItWhenThatJvmIsKilled() throws Exception {
        Process jvm = new ProcessBuilder(TestJvm.commandLine(StartsATool.class, List.of()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        Optional<ProcessHandle> tool = Optional.empty();
        try {
            tool = await("the JVM running sleep").atMost(Duration.ofSeconds(30)).until(
                    () -> jvm.descendants().filter(ToolProcessTest::isSleep).findFirst(), Optional::isPresent);

            jvm.destroyForcibly();
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            ProcessHandle sleep = tool.orElseThrow();
            await("sleep killed with its JVM").atMost(Duration.ofSeconds(5)).until(() -> !sleep.isAlive());
        } finally {
            jvm.destroyForcibly();
            tool.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aToolThatIsNoExecutableFileIsStartedAsItIsSoJavaSaysWhatIsMissing() {
        List<String> missing = List.of("/nonexistent/restic", "snapshots");
        assertThat(ToolProcess.diesWithItsStarter(missing)).isEqualTo(missing);
        assertThat(ToolProcess.diesWithItsStarter(List.of(SLEEP.toString(), "1")))
                .containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", SLEEP.toString(), "1");
    }

    @Test
    void dropsEveryInheritedFamilyButKeepsWhatTheCallerSets() throws Exception {
        // HOME and PATH are inherited by every test JVM, so dropping them shows that each prefix of the list counts
        assertThat(System.getenv()).containsKeys("HOME", "PATH");

        ToolProcess.Result result = ToolProcess.run("env", List.of("/usr/bin/env"), List.of("HOM", "PAT"),
                Map.of("PATTERN_SET_BY_CALLER", "kept"), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines()).noneMatch(line -> line.startsWith("HOME=") || line.startsWith("PATH="))
                .contains("PATTERN_SET_BY_CALLER=kept");
    }

    private static boolean isSleep(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/sleep")).orElse(false);
    }
}
