package io.lifeboat.connector;

/**
 * One kind of request the outbox delivers for one connector ({@code servicenow} {@code incident.open}, ...). The
 * outbox may hand the same message over more than once: a crash after the remote call and before the outbox records
 * it sends it again. So a delivery that creates something first looks for what an earlier attempt created, by the
 * message's key (ServiceNow's {@code correlation_id}, PagerDuty's {@code dedup_key}).
 */
public interface Delivery {

    /** The connector's name, as {@link Connector#name()} gives it. */
    String connector();

    /** What this delivery does, unique within its connector, e.g. {@code incident.open}. */
    String operation();

    /**
     * Sends the message.
     *
     * @return what the outbox keeps of the answer, e.g. the remote record's number; null when there is nothing
     * @throws io.lifeboat.http.RemoteFailure when the peer refused or did not answer; the failure says whether a retry may succeed
     */
    String deliver(OutboxMessage message);
}
