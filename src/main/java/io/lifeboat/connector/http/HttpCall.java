package io.lifeboat.connector.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;

import feign.Request;
import feign.Response;
import feign.Target;
import feign.codec.Encoder;
import feign.codec.ErrorDecoder;
import feign.http2client.Http2Client;
import io.lifeboat.connector.Delivery;
import io.lifeboat.connector.OutboxMessage;
import io.lifeboat.http.FeignClients;
import io.lifeboat.http.RemoteFailure;
import io.lifeboat.http.RetryAfter;
import io.lifeboat.secret.SecretReference;

/**
 * The generic HTTP connector's one operation, {@value #OPERATION}: a request a runbook describes (DNS or load-balancer
 * switches, chat webhooks). Header values given as secret references are read now, just before sending, and never
 * stored; the body is the payload's JMustache template rendered with its variables. An answer other than the expected
 * status is a {@link RemoteFailure}, retryable as {@link RemoteFailure#retryableStatus} says. The peer is trusted to
 * take the same request twice (a PUT, a webhook that deduplicates): the outbox may repeat one after a crash.
 */
@Component("httpCallDelivery") // "httpCall" is the BPMN delegate, HttpCallDelegate
public class HttpCall implements Delivery {

    public static final String OPERATION = "request";

    private static final int ERROR_BODY_LENGTH = 300;

    private final HttpEndpoint endpoint;
    private final HttpCallProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public HttpCall(HttpCallProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        // answers are returned as Response, whatever their status, so no error decoder ever runs
        this.endpoint = FeignClients.json(json, properties.connectTimeout(), properties.readTimeout(), new ErrorDecoder.Default())
                .encoder(new Encoder.Default())
                .client(new Http2Client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(properties.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build()))
                .target(Target.EmptyTarget.create(HttpEndpoint.class));
    }

    @Override
    public String connector() {
        return HttpConnector.NAME;
    }

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public String deliver(OutboxMessage message) {
        HttpCallRequest request = HttpCallRequest.fromPayload(message.payload());
        Map<String, Object> headers = headers(request);
        String body = request.bodyTemplate() == null ? null : render(request, headers);
        String peer = peer(request.url());
        try (Response response = send(request, headers, body)) {
            if (request.expected(response.status())) {
                return "HTTP " + response.status();
            }
            throw RemoteFailure.answered(peer, response.status(), RemoteFailure.retryableStatus(response.status()),
                    RetryAfter.from(response.headers(), clock).orElse(null), errorText(response));
        } catch (RemoteFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw RemoteFailure.of(peer, e);
        }
    }

    private Response send(HttpCallRequest request, Map<String, Object> headers, String body) {
        URI url = request.url();
        Request.Options timeouts = new Request.Options(properties.connectTimeout(),
                request.timeout() != null ? request.timeout() : properties.readTimeout(), false);
        return switch (request.method()) {
            case "GET" -> endpoint.get(url, headers, timeouts);
            case "DELETE" -> endpoint.delete(url, headers, timeouts);
            case "POST" -> endpoint.post(url, headers, timeouts, body);
            case "PUT" -> endpoint.put(url, headers, timeouts, body);
            case "PATCH" -> endpoint.patch(url, headers, timeouts, body);
            default -> throw new IllegalArgumentException("method " + request.method() + " is not one of " + HttpCallRequest.METHODS);
        };
    }

    /** Plain values as given, references read now; a body without a Content-Type is sent as JSON. */
    private static Map<String, Object> headers(HttpCallRequest request) {
        Map<String, Object> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name, isReference(value) ? secret(name, value) : value));
        if (request.bodyTemplate() != null && contentType(headers) == null) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private static boolean isReference(String value) {
        return value.strip().startsWith("${");
    }

    private static String secret(String header, String reference) {
        try {
            return SecretReference.parse(reference, Path.of("")).value().strip();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header " + header + ": " + e.getMessage(), e);
        } catch (IOException e) {
            // the reference may name the file; the value is never read into a message
            throw new IllegalStateException("header " + header + ": its secret could not be read: " + e.getMessage(), e);
        }
    }

    private static String contentType(Map<String, Object> headers) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .map(header -> header.getValue().toString()).findFirst().orElse(null);
    }

    /** Values are escaped for a JSON string when the body is JSON, else inserted as they are. */
    private String render(HttpCallRequest request, Map<String, Object> headers) {
        boolean jsonBody = contentType(headers).toLowerCase(Locale.ROOT).contains("json");
        Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false);
        if (jsonBody) {
            compiler = compiler.withEscaper(text -> new String(JsonStringEncoder.getInstance().quoteAsString(text)));
        }
        try {
            return compiler.compile(request.bodyTemplate()).execute(json.convertValue(request.variables(), Map.class));
        } catch (MustacheException e) {
            throw new IllegalArgumentException("body template: " + e.getMessage(), e);
        }
    }

    private static String errorText(Response response) {
        if (response.body() == null) {
            return response.reason() == null ? "" : response.reason();
        }
        try (InputStream body = response.body().asInputStream()) {
            String text = new String(body.readNBytes(ERROR_BODY_LENGTH + 1), StandardCharsets.UTF_8).strip();
            return text.length() > ERROR_BODY_LENGTH ? text.substring(0, ERROR_BODY_LENGTH) + "..." : text;
        } catch (IOException e) {
            return "(the answer's body could not be read: " + e.getMessage() + ")";
        }
    }

    private static String peer(URI url) {
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
