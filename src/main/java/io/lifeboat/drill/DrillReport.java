package io.lifeboat.drill;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import io.lifeboat.catalog.ServiceDefinition;

/**
 * A drill's printable report: one HTML page, with its styles and its bar chart inline and no script, so it prints and
 * keeps as it is. The same record gives the same bytes (nothing of the moment it was rendered), so the SHA-256 taken
 * when the drill finished still matches the page rendered again later.
 */
@Component
public final class DrillReport {

    private static final String TEMPLATE = "templates/drill-report.mustache";
    /** Every value HTML-escaped; a name the page does not have, or a null outside a section, fails the rendering. */
    private static final Template PAGE = compile();

    /**
     * @param service the service as the catalog has it now, for its name, tier and data sources' agents; null once it
     *                has left the catalog
     */
    public String html(DrillRecord drill, ServiceDefinition service) {
        return PAGE.execute(DrillReportPage.of(drill, service));
    }

    /** The hex SHA-256 of the page's UTF-8 bytes, as {@code sha256sum} prints it for the saved page. */
    public static String sha256(String html) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Template compile() {
        try (InputStream in = DrillReport.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().escapeHTML(true).compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }
}
