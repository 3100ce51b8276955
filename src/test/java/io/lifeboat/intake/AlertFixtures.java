package io.lifeboat.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Payloads under {@code src/test/resources/alerts/}: real Alertmanager 0.25 captures, Grafana and PagerDuty examples. */
public final class AlertFixtures {

    public static final String DEMO_TOKEN = "demo-intake-token";
    public static final String DEMO_PAGERDUTY_SECRET = "demo-pagerduty-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertFixtures() {
    }

    /**
     * The bodies Alertmanager 0.25 posted, in order: db01 and db02 firing; db01 resolved with db02 still firing;
     * db02 resolved.
     */
    public static List<byte[]> alertmanagerCaptures() {
        return text("alertmanager-0.25-captured.jsonl").lines().map(line -> {
            try {
                return JSON.writeValueAsBytes(JSON.readTree(line).get("body"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    public static byte[] bytes(String name) {
        try (InputStream in = AlertFixtures.class.getResourceAsStream("/alerts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture alerts/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header PagerDuty would send for this body and secret. */
    public static String pagerDutySignature(byte[] body, String secret) {
        return "v1=" + HexFormat.of().formatHex(
                PagerDutySignature.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }
}
