package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class RunbooksLocationTest {

    @TempDir
    Path temp;

    final PathMatchingResourcePatternResolver classpath = new PathMatchingResourcePatternResolver();

    @Test
    void anExistingDirectoryIsReadInPlace() throws IOException {
        Path runbooks = Files.createDirectories(temp.resolve("runbooks"));
        Path dataDir = temp.resolve("data");

        assertThat(RunbooksLocation.resolve(runbooks, dataDir, classpath)).isEqualTo(runbooks.toAbsolutePath());
        assertThat(dataDir.resolve("runbooks-bundled")).doesNotExist();
    }

    @Test
    void aMissingDirectoryFallsBackToAFreshCopyOfThePackagedRunbooks() throws IOException {
        Path dataDir = temp.resolve("data");
        Path stale = dataDir.resolve("runbooks-bundled/services/removed-from-the-jar.yaml");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "id: removed-from-the-jar\n");

        Path dir = RunbooksLocation.resolve(temp.resolve("missing"), dataDir, classpath);

        assertThat(dir).isEqualTo(dataDir.resolve("runbooks-bundled").toAbsolutePath());
        assertThat(stale).doesNotExist();
        assertThat(dir.resolve("demo-data/knowledge-base/howto/vpn/connect.md"))
                .hasSameTextualContentAs(Path.of("runbooks/demo-data/knowledge-base/howto/vpn/connect.md"));
        Catalog catalog = new CatalogLoader(FakeAgents.filesAndRestic(), CatalogFixture.STORAGE).load(dir);
        assertThat(catalog.services()).extracting(ServiceDefinition::id)
                .containsExactly("chat-log", "identity", "knowledge-base", "ticket-db");
    }

    @Test
    void runbooksAreExtractedFromAJar() throws IOException {
        Path jar = jar(Map.of(
                "runbooks/services/a.yaml", "id: a\n",
                "runbooks/hooks/with space.groovy", "return true\n",
                "other/not-a-runbook.txt", "x"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            var resolver = new PathMatchingResourcePatternResolver(new DefaultResourceLoader(loader));
            Path target = temp.resolve("extracted");

            int files = new ClasspathExtractor(resolver).extractFresh("runbooks", target);

            assertThat(files).isEqualTo(2);
            assertThat(target.resolve("services/a.yaml")).hasContent("id: a");
            assertThat(target.resolve("hooks/with space.groovy")).hasContent("return true");
            assertThat(target.resolve("other")).doesNotExist();
        }
    }

    @Test
    void noDirectoryAndNothingPackagedIsAnError() throws IOException {
        Path jar = jar(Map.of("other/file.txt", "x"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            var resolver = new PathMatchingResourcePatternResolver(new DefaultResourceLoader(loader));

            assertThatThrownBy(() -> RunbooksLocation.resolve(temp.resolve("missing"), temp.resolve("data"), resolver))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not exist and none are packaged");
        }
    }

    /** A jar as Maven builds it: with an entry for every directory, which classpath directory lookups rely on. */
    private Path jar(Map<String, String> files) throws IOException {
        Path jar = temp.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            var directories = new java.util.TreeSet<String>();
            files.keySet().forEach(name -> {
                for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                    directories.add(name.substring(0, slash + 1));
                }
            });
            for (String directory : directories) {
                jarOut.putNextEntry(new JarEntry(directory));
                jarOut.closeEntry();
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                jarOut.putNextEntry(new JarEntry(file.getKey()));
                jarOut.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
