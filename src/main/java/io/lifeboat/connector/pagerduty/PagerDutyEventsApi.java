package io.lifeboat.connector.pagerduty;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import feign.Headers;
import feign.RequestLine;

/**
 * PagerDuty's Events API v2. No authentication header: the integration key ({@code routing_key}) in the body is the
 * credential. Error answers arrive as {@link io.lifeboat.http.RemoteFailure} from {@link PagerDutyEventsErrors}.
 */
@Headers({"Content-Type: application/json", "Accept: application/json"})
public interface PagerDutyEventsApi {

    /** {@code POST /v2/enqueue}: 202 once PagerDuty has taken the event; it opens or changes the incident later. */
    @RequestLine("POST /v2/enqueue")
    Accepted enqueue(Event event);

    /**
     * One event. Absent fields are left out, as acknowledge and resolve carry only the routing key, the action and the
     * dedup key.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(@JsonProperty("routing_key") String routingKey,
                 @JsonProperty("event_action") String eventAction,
                 @JsonProperty("dedup_key") String dedupKey,
                 Payload payload,
                 String client,
                 @JsonProperty("client_url") String clientUrl,
                 List<Link> links) {

        /** Without the routing key: it is a credential. */
        @Override
        public String toString() {
            return "Event[" + eventAction + " " + dedupKey + "]";
        }
    }

    /** What a trigger says about the problem; {@code class} is a Java keyword, hence {@code eventClass}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Payload(String summary, String source, String severity, String timestamp, String component, String group,
                   @JsonProperty("class") String eventClass,
                   @JsonProperty("custom_details") ObjectNode customDetails) {
    }

    /** A link shown on the alert; {@code href} is required. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Link(String href, String text) {
    }

    /** {@code {"status":"success","message":"Event processed","dedup_key":...}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Accepted(String status, String message, @JsonProperty("dedup_key") String dedupKey) {
    }
}
