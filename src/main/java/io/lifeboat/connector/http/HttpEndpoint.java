package io.lifeboat.connector.http;

import java.net.URI;
import java.util.Map;

import feign.HeaderMap;
import feign.Request;
import feign.RequestLine;
import feign.Response;

/**
 * Any URL, as Feign reaches it: the URI parameter is the whole target ({@code Target.EmptyTarget}). Answers come back
 * as {@link Response} whatever their status, so {@link HttpCall} judges them against the status it expects. The
 * {@code Request.Options} parameter gives each request the timeout its payload asks for.
 */
interface HttpEndpoint {

    @RequestLine("GET")
    Response get(URI url, @HeaderMap Map<String, Object> headers, Request.Options timeouts);

    @RequestLine("DELETE")
    Response delete(URI url, @HeaderMap Map<String, Object> headers, Request.Options timeouts);

    @RequestLine("POST")
    Response post(URI url, @HeaderMap Map<String, Object> headers, Request.Options timeouts, String body);

    @RequestLine("PUT")
    Response put(URI url, @HeaderMap Map<String, Object> headers, Request.Options timeouts, String body);

    @RequestLine("PATCH")
    Response patch(URI url, @HeaderMap Map<String, Object> headers, Request.Options timeouts, String body);
}
