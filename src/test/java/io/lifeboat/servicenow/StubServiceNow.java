package io.lifeboat.servicenow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A ServiceNow instance as far as Lifeboat uses it, answering as integrations.md §3 says the real one does: the Table
 * API v2 over in-memory tables (POST 201, GET/PATCH 200, a missing record 404 "No Record found", every value a string,
 * journal fields written by PATCH and read back as {@code ""}, their entries also rows of {@code sys_journal_field};
 * an incident's {@code active}, {@code resolved_at} and {@code closed_at} follow its state), encoded queries ({@code =}, {@code !=}, {@code >},
 * {@code >=}, {@code <}, {@code <=}, {@code IN}, {@code STARTSWITH}, {@code LIKE}, {@code ^}, {@code ^OR},
 * {@code ORDERBY}, {@code ORDERBYDESC}) with {@code sysparm_limit}, {@code sysparm_offset} and {@code sysparm_fields},
 * basic authentication (401 "User Not Authenticated" otherwise) and OAuth's {@code /oauth_token.do}.
 *
 * <p>Faults are queued per request ({@link #failNext}); {@link #onEachList} lets a test change rows between the pages
 * of a listing. The WireMock server is there for asserting on requests ({@link #wireMock()}).
 */
public final class StubServiceNow implements AutoCloseable {

    public static final String USER = "lifeboat.integration";
    public static final String PASSWORD = "stub-password";
    public static final String CLIENT_ID = "stub-client";
    public static final String CLIENT_SECRET = "stub-client-secret";
    public static final String ACCESS_TOKEN = "stub-access-token";
    private static final DateTimeFormatter GLIDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
    private final Map<String, List<Journal>> journal = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger numbers = new AtomicInteger(10000);
    private final Clock clock;
    private final WireMockServer server;
    private volatile Consumer<StubServiceNow> onEachList = stub -> { };

    public StubServiceNow() {
        this(Clock.systemUTC());
    }

    public StubServiceNow(Clock clock) {
        this(clock, 0);
    }

    /**
     * On a fixed port (0: any free one), for a catalog entry that names the instance's URL before the stub starts. A
     * port below Linux's ephemeral range (32768 and up) is never one another test's dynamic port takes.
     */
    public StubServiceNow(Clock clock, int port) {
        this.clock = clock;
        this.server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").port(port).extensions(new TableApi()));
        server.stubFor(any(urlPathMatching("/api/now/v2/table/.+")).willReturn(aResponse().withTransformers(TableApi.NAME)));
        server.stubFor(post(urlPathEqualTo("/oauth_token.do")).willReturn(aResponse().withTransformers(TableApi.NAME)));
        server.start();
    }

    public URI url() {
        return URI.create(server.baseUrl());
    }

    public WireMockServer wireMock() {
        return server;
    }

    /** A journal entry written by PATCH: the field ({@code work_notes} or {@code comments}) and its text. */
    public record Journal(String element, String value) {
    }

    /** A canned error answer or a delay for the next request matching {@code method} and the path's table. */
    public record Fault(String method, String table, int status, Map<String, String> headers, String message, String detail,
                        int delayMillis) {

        public static Fault status(String method, String table, int status, String message, String detail) {
            return new Fault(method, table, status, Map.of(), message, detail, 0);
        }

        /** 429 as a ServiceNow rate-limit rule answers it. */
        public static Fault rateLimited(String method, String table, int retryAfterSeconds) {
            return new Fault(method, table, 429, Map.of("Retry-After", Integer.toString(retryAfterSeconds),
                    "X-RateLimit-Limit", "10", "X-RateLimit-Rule", "d1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6"),
                    "Rate limit exceeded", "Rate limit of 10 requests per hour for Table API exceeded", 0);
        }

        /** An answer that comes after {@code delayMillis}: past a client's read timeout, it is a timeout. */
        public static Fault slow(String method, String table, int delayMillis) {
            return new Fault(method, table, 0, Map.of(), null, null, delayMillis);
        }
    }

    public synchronized void failNext(Fault fault) {
        faults.add(fault);
    }

    /** Runs before each listing is answered, e.g. to update rows between pages. */
    public void onEachList(Consumer<StubServiceNow> change) {
        this.onEachList = change;
    }

    /** Stores a record as if made in the instance; fills sys_id, timestamps and, for tasks, a number. */
    public synchronized ObjectNode insert(String table, Map<String, String> fields) {
        ObjectNode record = JSON.createObjectNode();
        fields.forEach(record::put);
        return store(table, record);
    }

    /** Changes fields of a stored record and its {@code sys_updated_on}, as an edit in the instance would. */
    public synchronized ObjectNode change(String table, String sysId, Map<String, String> fields) {
        ObjectNode record = record(table, sysId).orElseThrow(() -> new IllegalArgumentException(table + "/" + sysId));
        fields.forEach(record::put);
        record.put("sys_updated_on", GLIDE_TIME.format(clock.instant()));
        record.put("sys_mod_count", Integer.toString(record.path("sys_mod_count").asInt() + 1));
        return record.deepCopy();
    }

    public synchronized void delete(String table, String sysId) {
        table(table).remove(sysId);
    }

    public synchronized List<ObjectNode> rows(String table) {
        return table(table).values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized Optional<ObjectNode> record(String table, String sysId) {
        return Optional.ofNullable(table(table).get(sysId));
    }

    public synchronized List<Journal> journal(String sysId) {
        return List.copyOf(journal.getOrDefault(sysId, List.of()));
    }

    @Override
    public void close() {
        server.stop();
    }

    private Map<String, ObjectNode> table(String table) {
        return tables.computeIfAbsent(table, name -> new LinkedHashMap<>());
    }

    private ObjectNode store(String table, ObjectNode record) {
        String sysId = record.hasNonNull("sys_id") ? record.get("sys_id").asText() : newSysId();
        String now = GLIDE_TIME.format(clock.instant());
        record.put("sys_id", sysId);
        if (!record.hasNonNull("sys_created_on")) {
            record.put("sys_created_on", now);
        }
        if (!record.hasNonNull("sys_updated_on")) {
            record.put("sys_updated_on", now);
        }
        record.put("sys_mod_count", record.path("sys_mod_count").asText("0"));
        if (List.of("incident", "change_request").contains(table) && !record.hasNonNull("number")) {
            record.put("number", (table.equals("incident") ? "INC" : "CHG") + "00" + numbers.incrementAndGet());
        }
        if (table.equals("incident") && !record.hasNonNull("state")) {
            record.put("state", "1");
        }
        if (table.equals("incident") && !record.hasNonNull("active")) {
            record.put("active", "true");
        }
        for (String journalField : List.of("work_notes", "comments")) {
            if (record.hasNonNull(journalField) && !record.get(journalField).asText().isEmpty()) {
                addJournal(table, sysId, journalField, record.get(journalField).asText());
            }
            if (table.equals("incident") || table.equals("change_request")) {
                record.put(journalField, "");
            }
        }
        table(table).put(sysId, record);
        return record.deepCopy();
    }

    /**
     * A journal entry, for {@link #journal} and, as the instance keeps it, as a row of
     * {@code sys_journal_field} ({@code element_id}, {@code element}, {@code value}, {@code name} the table), which is
     * where the Table API reads journal history from.
     */
    private void addJournal(String table, String sysId, String element, String value) {
        journal.computeIfAbsent(sysId, id -> new ArrayList<>()).add(new Journal(element, value));
        ObjectNode entry = JSON.createObjectNode().put("element_id", sysId).put("element", element).put("value", value)
                .put("name", table);
        store("sys_journal_field", entry);
    }

    private static String newSysId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private synchronized Optional<Fault> takeFault(String method, String table) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.method().equalsIgnoreCase(method) && (fault.table() == null || fault.table().equals(table))) {
                it.remove();
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private static ResponseDefinition error(int status, String message, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("detail", detail);
        body.put("status", "failure");
        return json(status, body).build();
    }

    private static ResponseDefinitionBuilder json(int status, Object body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final class TableApi implements ResponseDefinitionTransformerV2 {

        static final String NAME = "servicenow-table";

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
            if (uri.getPath().equals("/oauth_token.do")) {
                return token(request);
            }
            String[] path = uri.getPath().substring("/api/now/v2/table/".length()).split("/");
            String table = path[0];
            String sysId = path.length > 1 ? path[1] : null;
            if (!signedIn(request)) {
                return error(401, "User Not Authenticated", "Required to provide Auth information");
            }
            Optional<Fault> fault = takeFault(request.getMethod().getName(), table);
            if (fault.isPresent() && fault.get().status() > 0) {
                ResponseDefinitionBuilder answer = json(fault.get().status(), errorBody(fault.get().message(), fault.get().detail()));
                fault.get().headers().forEach(answer::withHeader);
                return answer.build();
            }
            int delay = fault.map(Fault::delayMillis).orElse(0);
            Map<String, String> parameters = parameters(uri);
            ResponseDefinitionBuilder answer = switch (request.getMethod().getName()) {
                case "GET" -> sysId == null ? list(table, parameters) : one(table, sysId, parameters);
                case "POST" -> created(table, request, parameters);
                case "PATCH", "PUT" -> updated(table, sysId, request, parameters);
                case "DELETE" -> deleted(table, sysId);
                default -> json(405, errorBody("Method not Supported", request.getMethod().getName()));
            };
            return answer.withFixedDelay(delay).build();
        }

        private ResponseDefinition token(Request request) {
            Map<String, String> form = form(request.getBodyAsString());
            boolean client = CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
            boolean user = !"password".equals(form.get("grant_type"))
                    || (USER.equals(form.get("username")) && PASSWORD.equals(form.get("password")));
            if (!client || !user) {
                return json(401, Map.of("error_description", "access_denied", "error", "server_error")).build();
            }
            return json(200, Map.of("access_token", ACCESS_TOKEN, "refresh_token", "stub-refresh", "scope", "useraccount",
                    "token_type", "Bearer", "expires_in", 1799)).build();
        }

        private boolean signedIn(Request request) {
            String authorization = request.getHeader("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            return basic.equals(authorization) || ("Bearer " + ACCESS_TOKEN).equals(authorization);
        }

        private ResponseDefinitionBuilder list(String table, Map<String, String> parameters) {
            onEachList.accept(StubServiceNow.this);
            synchronized (StubServiceNow.this) {
                EncodedQuery query = EncodedQuery.parse(parameters.getOrDefault("sysparm_query", ""));
                List<ObjectNode> matching = table(table).values().stream().filter(query::matches).sorted(query.order()).toList();
                int offset = Integer.parseInt(parameters.getOrDefault("sysparm_offset", "0"));
                int limit = Integer.parseInt(parameters.getOrDefault("sysparm_limit", "10000"));
                ArrayNode result = JSON.createArrayNode();
                matching.stream().skip(offset).limit(limit).forEach(row -> result.add(project(row, parameters)));
                ObjectNode body = JSON.createObjectNode();
                body.set("result", result);
                ResponseDefinitionBuilder answer = json(200, body);
                if (!"true".equals(parameters.get("sysparm_no_count"))) {
                    answer.withHeader("X-Total-Count", Integer.toString(matching.size()));
                }
                return answer;
            }
        }

        private ResponseDefinitionBuilder one(String table, String sysId, Map<String, String> parameters) {
            synchronized (StubServiceNow.this) {
                return record(table, sysId).map(row -> json(200, result(project(row, parameters))))
                        .orElseGet(StubServiceNow::noRecord);
            }
        }

        private ResponseDefinitionBuilder created(String table, Request request, Map<String, String> parameters) {
            synchronized (StubServiceNow.this) {
                ObjectNode fields = readFields(request);
                return json(201, result(project(store(table, fields), parameters)));
            }
        }

        private ResponseDefinitionBuilder updated(String table, String sysId, Request request, Map<String, String> parameters) {
            synchronized (StubServiceNow.this) {
                Optional<ObjectNode> existing = sysId == null ? Optional.empty() : record(table, sysId);
                if (existing.isEmpty()) {
                    return noRecord();
                }
                ObjectNode fields = readFields(request);
                for (String journalField : List.of("work_notes", "comments")) {
                    if (fields.hasNonNull(journalField) && !fields.get(journalField).asText().isEmpty()) {
                        addJournal(table, sysId, journalField, fields.get(journalField).asText());
                        fields.put(journalField, "");
                    }
                }
                ObjectNode record = existing.get();
                fields.fields().forEachRemaining(field -> record.put(field.getKey(), field.getValue().asText()));
                record.put("sys_updated_on", GLIDE_TIME.format(clock.instant()));
                record.put("sys_mod_count", Integer.toString(record.path("sys_mod_count").asInt() + 1));
                if (table.equals("incident")) {
                    stampIncidentState(record, fields);
                }
                return json(200, result(project(record, parameters)));
            }
        }

        private ResponseDefinitionBuilder deleted(String table, String sysId) {
            synchronized (StubServiceNow.this) {
                if (sysId == null || table(table).remove(sysId) == null) {
                    return noRecord();
                }
                return aResponse().withStatus(204);
            }
        }

        /**
         * What the instance's incident business rules do on a state change: active while below Resolved (6),
         * {@code resolved_at} set on Resolved, {@code closed_at} on Closed (7), both cleared when it is reopened.
         */
        private void stampIncidentState(ObjectNode record, ObjectNode fields) {
            int state = Integer.parseInt(record.path("state").asText("1"));
            record.put("active", state < 6 ? "true" : "false");
            if (!fields.has("state")) {
                return;
            }
            String now = GLIDE_TIME.format(clock.instant());
            if (state < 6) {
                record.put("resolved_at", "");
                record.put("closed_at", "");
            } else if (state == 6) {
                record.put("resolved_at", now);
            } else if (state == 7) {
                record.put("closed_at", now);
            }
        }

        private ObjectNode readFields(Request request) {
            try {
                ObjectNode given = (ObjectNode) JSON.readTree(request.getBodyAsString());
                ObjectNode fields = JSON.createObjectNode();
                // every value is stored as the string ServiceNow would make of it
                given.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
                return fields;
            } catch (Exception e) {
                throw new IllegalArgumentException("not a JSON object: " + request.getBodyAsString(), e);
            }
        }

        private ObjectNode project(ObjectNode row, Map<String, String> parameters) {
            String fields = parameters.get("sysparm_fields");
            if (fields == null || fields.isBlank()) {
                return row.deepCopy();
            }
            ObjectNode projected = JSON.createObjectNode();
            for (String field : fields.split(",")) {
                if (row.has(field.strip())) {
                    projected.set(field.strip(), row.get(field.strip()));
                }
            }
            return projected;
        }
    }

    private static ResponseDefinitionBuilder noRecord() {
        return json(404, errorBody("No Record found", "Record doesn't exist or ACL restricts the record retrieval"));
    }

    private static ObjectNode result(ObjectNode record) {
        ObjectNode body = JSON.createObjectNode();
        body.set("result", record);
        return body;
    }

    private static ObjectNode errorBody(String message, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("detail", detail);
        body.put("status", "failure");
        return body;
    }

    private static Map<String, String> parameters(URI uri) {
        return form(uri.getRawQuery());
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8), java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    /** ServiceNow's encoded query: terms joined by {@code ^} (and), a term's {@code ^OR} alternatives, then order. */
    record EncodedQuery(List<List<Predicate<ObjectNode>>> conjunction, Comparator<ObjectNode> order) {

        private static final List<String> OPERATORS = List.of("STARTSWITH", "LIKE", "!=", ">=", "<=", "IN", "=", ">", "<");

        static EncodedQuery parse(String query) {
            List<List<Predicate<ObjectNode>>> terms = new ArrayList<>();
            Comparator<ObjectNode> order = (a, b) -> 0;
            if (query.isBlank()) {
                return new EncodedQuery(terms, order);
            }
            for (String part : query.split("\\^")) {
                if (part.startsWith("ORDERBYDESC")) {
                    order = order.thenComparing(field(part.substring("ORDERBYDESC".length())).reversed());
                } else if (part.startsWith("ORDERBY")) {
                    order = order.thenComparing(field(part.substring("ORDERBY".length())));
                } else if (part.startsWith("OR") && !terms.isEmpty()) {
                    terms.get(terms.size() - 1).add(term(part.substring(2)));
                } else if (!part.isBlank()) {
                    terms.add(new ArrayList<>(List.of(term(part))));
                }
            }
            return new EncodedQuery(terms, order);
        }

        boolean matches(ObjectNode row) {
            return conjunction.stream().allMatch(alternatives -> alternatives.stream().anyMatch(term -> term.test(row)));
        }

        private static Comparator<ObjectNode> field(String name) {
            return Comparator.comparing(row -> row.path(name).asText(""));
        }

        private static Predicate<ObjectNode> term(String term) {
            for (String operator : OPERATORS) {
                int at = term.indexOf(operator);
                if (at > 0 && term.substring(0, at).matches("[a-zA-Z0-9_.]+")) {
                    String name = term.substring(0, at);
                    String value = term.substring(at + operator.length());
                    return row -> compare(row.path(name).asText(""), operator, value);
                }
            }
            // ServiceNow ignores what it cannot read
            return row -> true;
        }

        private static boolean compare(String actual, String operator, String value) {
            return switch (operator) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case ">" -> actual.compareTo(value) > 0;
                case ">=" -> actual.compareTo(value) >= 0;
                case "<" -> actual.compareTo(value) < 0;
                case "<=" -> actual.compareTo(value) <= 0;
                case "IN" -> List.of(value.split(",")).contains(actual);
                case "STARTSWITH" -> actual.startsWith(value);
                case "LIKE" -> actual.contains(value);
                default -> false;
            };
        }
    }
}
