package com.notionrelay.web;

import java.nio.charset.StandardCharsets;
import spark.Response;

/**
 * How every JSON answer goes out: with its Content-Length. Without one, Jetty sends a chunked body
 * and then its last chunk, two socket writes per request where one does.
 */
public final class JsonResponses {

    private JsonResponses() {
    }

    /** Sets the status, type and length of {@code json}, and returns it as the route's body. */
    public static String send(Response res, int status, String json) {
        res.status(status);
        res.type("application/json");
        res.raw().setContentLength(json.getBytes(StandardCharsets.UTF_8).length);
        return json;
    }
}
