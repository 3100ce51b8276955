package io.lifeboat.connector.pagerduty;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * PagerDuty as far as Lifeboat uses it, answering as integrations.md §2.1 and §2.2 say the real one does, on one
 * WireMock server (127.0.0.1) for both APIs.
 *
 * <p>Events API v2 ({@code POST /v2/enqueue}, no authentication header): 202
 * {@code {"status":"success","message":"Event processed","dedup_key":...}}; a routing key not 32 characters long, or
 * an event missing what PagerDuty requires, is a 400 {@code {"status":"invalid event","message":"Event object is
 * invalid","errors":[...]}}. A trigger opens an incident, or is deduplicated onto the open one of its routing key and
 * dedup key (a dedup key PagerDuty makes up when none is given); acknowledge and resolve change the open incident of
 * their routing key and dedup key, and nothing when there is none (another routing key, or after a resolve, when a
 * trigger opens a new incident).
 *
 * <p>REST API v2 ({@code Authorization: Token token=}{@link #API_TOKEN}, else 401 code 2006): incidents listed by
 * {@code incident_key}, their notes (POST 201), status updates (POST 200, recorded as {@code status_update_log_entry}
 * in the incident's log entries) and log entries ({@code offset}, {@code limit}, {@code more}); a write without
 * {@code From} is a 400 code 2001, an unknown incident a 404 code 5001.
 *
 * <p>Faults are queued per request and API ({@link #failNext}): error answers, rate limits, slow answers.
 */
public final class StubPagerDuty implements AutoCloseable {

    public static final String API_TOKEN = "stub-pagerduty-api-token";
    public static final String FROM = "lifeboat-bot@example.com";
    /** Two 32-character integration keys, as of two PagerDuty services. */
    public static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
    public static final String OTHER_ROUTING_KEY = "fedcba9876543210fedcba9876543210";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    private final List<Incident> incidents = new ArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Clock clock;
    private final WireMockServer server;

    public StubPagerDuty() {
        this(Clock.systemUTC());
    }

    public StubPagerDuty(Clock clock) {
        this.clock = clock;
        this.server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().extensions(new Api()));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Api.NAME)));
        server.start();
    }

    public URI url() {
        return URI.create(server.baseUrl());
    }

    public WireMockServer wireMock() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Which of the two APIs a fault is for. */
    public enum Target { EVENTS, REST }

    /** An incident as PagerDuty keeps it; {@code status} triggered, acknowledged or resolved. */
    public static final class Incident {
        private final String id;
        private final int number;
        private final String routingKey;
        private final String dedupKey;
        private final String title;
        private final String createdAt;
        private String status = "triggered";
        private int alerts = 1;
        private final List<Note> notes = new ArrayList<>();
        private final List<ObjectNode> logEntries = new ArrayList<>();

        private Incident(String id, int number, String routingKey, String dedupKey, String title, String createdAt) {
            this.id = id;
            this.number = number;
            this.routingKey = routingKey;
            this.dedupKey = dedupKey;
            this.title = title;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String routingKey() {
            return routingKey;
        }

        public String dedupKey() {
            return dedupKey;
        }

        public String title() {
            return title;
        }

        public String status() {
            return status;
        }

        /** How many triggers PagerDuty deduplicated into this incident, the first included. */
        public int alerts() {
            return alerts;
        }
    }

    /** A note as stored. */
    public record Note(String id, String content) {
    }

    /**
     * A canned answer or a delay for the next request to {@code target} with {@code method}.
     *
     * @param body null for none
     */
    public record Fault(Target target, String method, int status, Map<String, String> headers, String body, int delayMillis) {

        /** An Events API error answer PagerDuty gives without a body (429, 500). */
        public static Fault events(int status) {
            return new Fault(Target.EVENTS, "POST", status, Map.of(), null, 0);
        }

        /** An Events API 429 with {@code Retry-After}. */
        public static Fault eventsRateLimited(int retryAfterSeconds) {
            return new Fault(Target.EVENTS, "POST", 429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null, 0);
        }

        /** A REST error answer in PagerDuty's shape {@code {"error":{"message","code"}}}. */
        public static Fault rest(String method, int status, int code, String message) {
            return new Fault(Target.REST, method, status, Map.of(), restError(message, code, List.of()).toString(), 0);
        }

        /** A REST 429 with {@code Retry-After}. */
        public static Fault restRetryAfter(String method, int retryAfterSeconds) {
            return new Fault(Target.REST, method, 429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                    restError("Rate Limit Exceeded", 2020, List.of()).toString(), 0);
        }

        /** A REST 429 as PagerDuty's API-key limit answers it: {@code ratelimit-*} headers, no {@code Retry-After}. */
        public static Fault restRateLimitReset(String method, int resetSeconds) {
            return new Fault(Target.REST, method, 429, Map.of("ratelimit-limit", "960", "ratelimit-remaining", "0",
                    "ratelimit-reset", Integer.toString(resetSeconds)), restError("Rate Limit Exceeded", 2020, List.of()).toString(), 0);
        }

        /** The usual answer, after {@code delayMillis}: past a client's read timeout, a timeout. */
        public static Fault slow(Target target, String method, int delayMillis) {
            return new Fault(target, method, 0, Map.of(), null, delayMillis);
        }
    }

    public synchronized void failNext(Fault fault) {
        faults.add(fault);
    }

    /** Every incident, oldest first. */
    public synchronized List<Incident> incidents() {
        return List.copyOf(incidents);
    }

    public synchronized List<Incident> incidents(String dedupKey) {
        return incidents.stream().filter(incident -> incident.dedupKey.equals(dedupKey)).toList();
    }

    public synchronized List<Note> notes(String incidentId) {
        return List.copyOf(incident(incidentId).orElseThrow().notes);
    }

    /** The messages of the incident's status updates, in the order they were posted. */
    public synchronized List<String> statusUpdates(String incidentId) {
        return incident(incidentId).orElseThrow().logEntries.stream()
                .filter(entry -> entry.path("type").asText().equals("status_update_log_entry"))
                .map(entry -> entry.path("message").asText()).toList();
    }

    /** Opens an incident as a trigger would, for tests of the REST API alone. */
    public synchronized Incident trigger(String routingKey, String dedupKey, String summary) {
        return open(routingKey, dedupKey, summary);
    }

    private Optional<Incident> incident(String id) {
        return incidents.stream().filter(incident -> incident.id.equals(id)).findFirst();
    }

    private Optional<Incident> openIncident(String routingKey, String dedupKey) {
        return incidents.stream().filter(incident -> incident.routingKey.equals(routingKey)
                && incident.dedupKey.equals(dedupKey) && !incident.status.equals("resolved")).findFirst();
    }

    private Incident open(String routingKey, String dedupKey, String summary) {
        int number = ids.incrementAndGet();
        Incident incident = new Incident("PD" + Integer.toString(36 * 36 * 36 + number, 36).toUpperCase(), number, routingKey,
                dedupKey, summary, clock.instant().toString());
        incident.logEntries.add(logEntry(incident, "trigger_log_entry", null));
        incidents.add(incident);
        return incident;
    }

    private ObjectNode logEntry(Incident incident, String type, String message) {
        ObjectNode entry = JSON.createObjectNode().put("id", "R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase())
                .put("type", type).put("created_at", clock.instant().toString());
        entry.putObject("incident").put("id", incident.id).put("type", "incident_reference");
        if (message != null) {
            entry.put("message", message);
        }
        return entry;
    }

    private synchronized Optional<Fault> takeFault(Target target, String method) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.target() == target && fault.method().equalsIgnoreCase(method)) {
                it.remove();
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private static ObjectNode restError(String message, int code, List<String> errors) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("code", code);
        if (!errors.isEmpty()) {
            errors.forEach(error.putArray("errors")::add);
        }
        return body;
    }

    private static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    private final class Api implements ResponseDefinitionTransformerV2 {

        static final String NAME = "pagerduty";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            URI uri = URI.create(request.getUrl());
            String method = request.getMethod().getName();
            boolean events = uri.getPath().equals("/v2/enqueue");
            if (!events && !("Token token=" + API_TOKEN).equals(request.getHeader("Authorization"))) {
                return json(401, restError("Authentication failed", 2006, List.of())).build();
            }
            Optional<Fault> fault = takeFault(events ? Target.EVENTS : Target.REST, method);
            if (fault.isPresent() && fault.get().status() > 0) {
                ResponseDefinitionBuilder answer = aResponse().withStatus(fault.get().status());
                if (fault.get().body() != null) {
                    answer.withHeader("Content-Type", "application/json").withBody(fault.get().body());
                }
                fault.get().headers().forEach(answer::withHeader);
                return answer.build();
            }
            int delay = fault.map(Fault::delayMillis).orElse(0);
            ResponseDefinitionBuilder answer = events ? enqueue(request) : rest(method, uri, request);
            return answer.withFixedDelay(delay).build();
        }

        private ResponseDefinitionBuilder enqueue(Request request) {
            JsonNode event;
            try {
                event = JSON.readTree(request.getBodyAsString());
            } catch (Exception e) {
                return invalidEvent("Event object is not valid JSON");
            }
            String routingKey = event.path("routing_key").asText("");
            if (routingKey.length() != 32) {
                return invalidEvent("Length of 'routing_key' is incorrect (should be 32 characters)");
            }
            String action = event.path("event_action").asText("");
            String dedupKey = event.path("dedup_key").asText("");
            if (dedupKey.length() > 255) {
                return invalidEvent("'dedup_key' is too long (should be at most 255 characters)");
            }
            synchronized (StubPagerDuty.this) {
                switch (action) {
                    case "trigger" -> {
                        JsonNode payload = event.path("payload");
                        for (String field : List.of("summary", "source", "severity")) {
                            if (payload.path(field).asText("").isBlank()) {
                                return invalidEvent("'payload." + field + "' is missing or blank");
                            }
                        }
                        if (!SEVERITIES.contains(payload.path("severity").asText())) {
                            return invalidEvent("'payload.severity' is invalid (must be one of critical, error, warning, info)");
                        }
                        if (dedupKey.isEmpty()) {
                            dedupKey = UUID.randomUUID().toString().replace("-", "");
                        }
                        String key = dedupKey;
                        openIncident(routingKey, key).ifPresentOrElse(incident -> incident.alerts++,
                                () -> open(routingKey, key, payload.path("summary").asText()));
                    }
                    case "acknowledge", "resolve" -> {
                        if (dedupKey.isEmpty()) {
                            return invalidEvent("'dedup_key' is required for " + action);
                        }
                        // PagerDuty drops an acknowledge or resolve that matches no open incident
                        openIncident(routingKey, dedupKey).ifPresent(incident -> {
                            incident.status = action.equals("resolve") ? "resolved" : "acknowledged";
                            incident.logEntries.add(logEntry(incident, action + "_log_entry", null));
                        });
                    }
                    default -> {
                        return invalidEvent("'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
                    }
                }
            }
            return json(202, JSON.createObjectNode().put("status", "success").put("message", "Event processed")
                    .put("dedup_key", dedupKey));
        }

        private ResponseDefinitionBuilder invalidEvent(String error) {
            ObjectNode body = JSON.createObjectNode().put("status", "invalid event").put("message", "Event object is invalid");
            body.putArray("errors").add(error);
            return json(400, body);
        }

        private ResponseDefinitionBuilder rest(String method, URI uri, Request request) {
            if (!method.equals("GET") && request.getHeader("From") == null) {
                return json(400, restError("Invalid Input Provided", 2001, List.of("A valid 'From' header is required.")));
            }
            String[] path = uri.getPath().substring(1).split("/");
            Map<String, String> query = query(uri);
            synchronized (StubPagerDuty.this) {
                if (path.length == 1 && path[0].equals("incidents") && method.equals("GET")) {
                    return listIncidents(query.get("incident_key"));
                }
                if (path.length != 3 || !path[0].equals("incidents")) {
                    return json(404, restError("Not Found", 2100, List.of()));
                }
                Optional<Incident> incident = incident(path[1]);
                if (incident.isEmpty()) {
                    return json(404, restError("Incident Not Found", 5001, List.of()));
                }
                return switch (method + " " + path[2]) {
                    case "GET notes" -> listNotes(incident.get());
                    case "POST notes" -> addNote(incident.get(), body(request).path("note").path("content").asText(""));
                    case "POST status_updates" -> addStatusUpdate(incident.get(), body(request).path("message").asText(""));
                    case "GET log_entries" -> logEntries(incident.get(), Integer.parseInt(query.getOrDefault("offset", "0")),
                            Integer.parseInt(query.getOrDefault("limit", "25")));
                    default -> json(404, restError("Not Found", 2100, List.of()));
                };
            }
        }

        private ResponseDefinitionBuilder listIncidents(String incidentKey) {
            ArrayNode list = JSON.createArrayNode();
            incidents.stream().filter(incident -> incidentKey == null || incident.dedupKey.equals(incidentKey))
                    .forEach(incident -> list.add(incidentJson(incident)));
            ObjectNode body = JSON.createObjectNode();
            body.set("incidents", list);
            body.put("limit", 25).put("offset", 0).putNull("total");
            body.put("more", false);
            return json(200, body);
        }

        private ObjectNode incidentJson(Incident incident) {
            ObjectNode json = JSON.createObjectNode().put("id", incident.id).put("type", "incident")
                    .put("incident_number", incident.number).put("title", incident.title).put("status", incident.status)
                    .put("incident_key", incident.dedupKey).put("created_at", incident.createdAt)
                    .put("html_url", server.baseUrl() + "/incidents/" + incident.id);
            json.putObject("service").put("id", "PSVC" + incident.routingKey.substring(0, 3).toUpperCase())
                    .put("type", "service_reference");
            json.putObject("alert_counts").put("all", incident.alerts);
            return json;
        }

        private ResponseDefinitionBuilder listNotes(Incident incident) {
            ArrayNode notes = JSON.createArrayNode();
            incident.notes.forEach(note -> notes.add(noteJson(note)));
            ObjectNode body = JSON.createObjectNode();
            body.set("notes", notes);
            return json(200, body);
        }

        private ResponseDefinitionBuilder addNote(Incident incident, String content) {
            if (content.isBlank()) {
                return json(400, restError("Invalid Input Provided", 2001, List.of("Content cannot be empty.")));
            }
            Note note = new Note("N" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), content);
            incident.notes.add(note);
            incident.logEntries.add(logEntry(incident, "annotate_log_entry", null));
            ObjectNode body = JSON.createObjectNode();
            body.set("note", noteJson(note));
            return json(201, body);
        }

        private ObjectNode noteJson(Note note) {
            ObjectNode json = JSON.createObjectNode().put("id", note.id()).put("content", note.content())
                    .put("created_at", clock.instant().toString());
            json.putObject("user").put("id", "PUSER01").put("type", "user_reference").put("summary", FROM);
            return json;
        }

        private ResponseDefinitionBuilder addStatusUpdate(Incident incident, String message) {
            if (message.isBlank()) {
                return json(400, restError("Invalid Input Provided", 2001, List.of("Message cannot be empty.")));
            }
            ObjectNode entry = logEntry(incident, "status_update_log_entry", message);
            incident.logEntries.add(entry);
            ObjectNode body = JSON.createObjectNode();
            ObjectNode update = body.putObject("status_update").put("id", entry.get("id").asText()).put("message", message)
                    .put("created_at", entry.get("created_at").asText());
            update.putObject("sender").put("id", "PUSER01").put("type", "user_reference").put("summary", FROM);
            return json(200, body);
        }

        private ResponseDefinitionBuilder logEntries(Incident incident, int offset, int limit) {
            // newest first, as PagerDuty lists them
            List<ObjectNode> entries = new ArrayList<>(incident.logEntries);
            Collections.reverse(entries);
            ArrayNode page = JSON.createArrayNode();
            entries.stream().skip(offset).limit(limit).forEach(page::add);
            ObjectNode body = JSON.createObjectNode();
            body.set("log_entries", page);
            body.put("limit", limit).put("offset", offset).put("more", offset + limit < entries.size()).putNull("total");
            return json(200, body);
        }

        private JsonNode body(Request request) {
            try {
                return JSON.readTree(request.getBodyAsString());
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
