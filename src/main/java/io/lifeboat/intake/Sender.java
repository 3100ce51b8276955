package io.lifeboat.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Who may post alerts, each on its own path with its own token; the name is also the stored alert's source. */
public enum Sender {
    ALERTMANAGER("/api/alerts/alertmanager"),
    GRAFANA("/api/alerts/grafana"),
    PAGERDUTY("/api/alerts/pagerduty"),
    API("/api/alerts");

    private final String path;

    Sender(String path) {
        this.path = path;
    }

    /** As in configuration and in {@link Alert#source()}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String path() {
        return path;
    }

    /** @param path the request path without the context path */
    public static Optional<Sender> forPath(String path) {
        String withoutSlash = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return Arrays.stream(values()).filter(sender -> sender.path.equals(withoutSlash)).findFirst();
    }
}
