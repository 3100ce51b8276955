package io.lifeboat.incident;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.incident.IncidentMilestone.Kind;

/**
 * The status update templates, {@code templates/status/<milestone>.md} (JMustache, Markdown): read from the runbooks
 * directory at each rendering, so operators edit them without a restart, else the copy packaged in the jar. Nothing
 * is HTML-escaped (the text is Markdown, not HTML); a name the page does not have, or a null outside a section, fails
 * the rendering, so a misspelt placeholder stops the update's step instead of sending a gap.
 */
@Component
class StatusTemplates {

    static final String DIR = "templates/status";

    private final Path directory;

    StatusTemplates(Catalog catalog) {
        this.directory = catalog.runbooksDir().resolve(DIR);
    }

    String render(Kind milestone, StatusUpdatePage page) {
        return Mustache.compiler().escapeHTML(false).compile(read(milestone.value() + ".md")).execute(page);
    }

    private String read(String name) {
        Path file = directory.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            String bundled = "runbooks/" + DIR + "/" + name;
            try (InputStream in = StatusTemplates.class.getClassLoader().getResourceAsStream(bundled)) {
                if (in == null) {
                    throw new IllegalStateException("no status update template " + file + ", and " + bundled
                            + " is missing from the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status update template " + name, e);
        }
    }
}
