package io.lifeboat.connector.http;

import java.net.URI;
import java.util.Map;

import feign.HeaderMap;
import feign.RequestLine;
import feign.Response;

/**
 * Any URL, as Feign reaches it: the URI parameter is the whole target ({@code Target.EmptyTarget}). Answers come back
 * as {@link Response} whatever their status, so {@link HttpCall} judges them against the status it expects.
 */
interface HttpEndpoint {

    @RequestLine("GET")
    Response get(URI url, @HeaderMap Map<String, Object> headers);

    @RequestLine("DELETE")
    Response delete(URI url, @HeaderMap Map<String, Object> headers);

    @RequestLine("POST")
    Response post(URI url, @HeaderMap Map<String, Object> headers, String body);

    @RequestLine("PUT")
    Response put(URI url, @HeaderMap Map<String, Object> headers, String body);

    @RequestLine("PATCH")
    Response patch(URI url, @HeaderMap Map<String, Object> headers, String body);
}
