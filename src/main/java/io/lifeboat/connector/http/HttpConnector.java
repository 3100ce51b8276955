package io.lifeboat.connector.http;

import org.springframework.stereotype.Component;

import io.lifeboat.connector.Connector;

/** Plain HTTP: a runbook names the URL itself, so there is nothing to configure and it is always there. */
@Component
public class HttpConnector implements Connector {

    public static final String NAME = "http";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "HTTP";
    }

    @Override
    public boolean configured() {
        return true;
    }
}
