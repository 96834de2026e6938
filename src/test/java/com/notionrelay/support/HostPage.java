package com.notionrelay.support;

import spark.Service;

/**
 * A web page served on its own loopback port: a site embedding the widget. Another port is another
 * origin, so two of these are two sites, one allowed and one not.
 */
public final class HostPage implements AutoCloseable {

    private final Service http;

    public HostPage(String html) {
        http = Service.ignite().port(0);
        http.get("/", (req, res) -> {
            res.type("text/html; charset=utf-8");
            return html;
        });
        http.awaitInitialization();
    }

    /** The page's address, on {@code localhost} (the relay is on 127.0.0.1: another origin either way). */
    public String url() {
        return "http://localhost:" + http.port() + "/";
    }

    /** Its origin, as a browser sends it in {@code Origin}. */
    public String origin() {
        return "http://localhost:" + http.port();
    }

    @Override
    public void close() {
        http.stop();
        http.awaitStop();
    }
}
