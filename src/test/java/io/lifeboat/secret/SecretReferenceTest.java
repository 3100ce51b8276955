package io.lifeboat.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lifeboat.secret.SecretReference.SecretFile;

class SecretReferenceTest {

    @TempDir
    Path dir;

    @Test
    void envReferenceReadsTheVariableOnlyWhenUsed() throws IOException {
        Map<String, String> environment = new java.util.HashMap<>();
        SecretReference reference = SecretReference.parse("${env:RESTIC_PW}", dir, environment::get);
        environment.put("RESTIC_PW", "s3cr3t-value");

        assertThat(reference.value()).isEqualTo("s3cr3t-value");
    }

    @Test
    void envReferenceBecomesAnOwnerOnlyFileDeletedOnClose() throws IOException {
        SecretReference reference = SecretReference.parse("${env:RESTIC_PW}", dir, Map.of("RESTIC_PW", "s3cr3t-value")::get);

        Path written;
        try (SecretFile file = reference.openAsFile()) {
            written = file.path();
            assertThat(written).content().isEqualTo("s3cr3t-value");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        }
        assertThat(written).doesNotExist();
    }

    @Test
    void missingEnvVariableIsNamed() {
        SecretReference reference = SecretReference.parse("${env:NOT_SET_ANYWHERE}", dir, name -> null);

        assertThatThrownBy(reference::value).hasMessageContaining("NOT_SET_ANYWHERE").hasMessageContaining("not set");
    }

    @Test
    void absoluteFileReferenceIsHandedOverAsItIsAndKeptOnClose() throws IOException {
        Path secret = Files.writeString(dir.resolve("restic.pw"), "from-file\n");
        SecretReference reference = SecretReference.parse("${file:" + secret + "}", Path.of("/elsewhere"));

        assertThat(reference.value()).isEqualTo("from-file\n");
        try (SecretFile file = reference.openAsFile()) {
            assertThat(file.path()).isEqualTo(secret);
        }
        assertThat(secret).exists();
    }

    @Test
    void relativeFileReferenceResolvesAgainstTheBaseDirectory() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/pw"), "relative");

        SecretReference reference = SecretReference.parse("${file:secrets/pw}", dir);

        assertThat(reference.value()).isEqualTo("relative");
        assertThat(reference).hasToString("${file:" + dir.resolve("secrets/pw") + "}");
    }

    @Test
    void missingFileIsNamedWhenUsed() {
        SecretReference reference = SecretReference.parse("${file:absent.pw}", dir);

        assertThatThrownBy(reference::openAsFile).isInstanceOf(IOException.class).hasMessageContaining("absent.pw");
        assertThatThrownBy(reference::value).isInstanceOf(IOException.class)
                .hasMessage("secret file " + dir.resolve("absent.pw") + " is missing or not readable");
    }

    @Test
    void malformedReferencesAreRejectedNamingTheSyntaxButNotTheText() {
        for (String bad : new String[] {"hunter2", "${vault:x}", "${env:}", "$env:X", "${env:X}trailing", ""}) {
            assertThatThrownBy(() -> SecretReference.parse(bad, dir))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("${env:NAME} or ${file:");
        }
        assertThatThrownBy(() -> SecretReference.parse("hunter2", dir)).message().doesNotContain("hunter2");
        assertThatThrownBy(() -> SecretReference.parse("${env:1-bad}", dir)).hasMessageContaining("not an environment variable name");
    }

    @Test
    void toStringShowsTheReferenceNeverTheValue() throws IOException {
        SecretReference env = SecretReference.parse("${env:RESTIC_PW}", dir, Map.of("RESTIC_PW", "s3cr3t-value")::get);
        Path secret = Files.writeString(dir.resolve("pw"), "file-s3cr3t");
        SecretReference file = SecretReference.parse("${file:pw}", dir);

        assertThat(env.value()).isEqualTo("s3cr3t-value");
        assertThat(env.toString()).isEqualTo("${env:RESTIC_PW}").doesNotContain("s3cr3t");
        assertThat(file.toString()).isEqualTo("${file:" + secret + "}").doesNotContain("file-s3cr3t");
    }
}
