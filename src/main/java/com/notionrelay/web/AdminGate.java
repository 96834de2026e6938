package com.notionrelay.web;

import java.time.Duration;
import java.util.Optional;
import spark.Request;
import spark.Response;
import spark.Route;

/**
 * What stands before /admin and /metrics. With no {@code RELAY_ADMIN_TOKEN} they do not exist (404
 * saying how to enable them). The admin page itself holds no data and loads without the token, so a
 * person can type it; every data path needs {@code Authorization: Bearer $RELAY_ADMIN_TOKEN} (401),
 * and a client that keeps sending wrong tokens is made to wait (429 with Retry-After).
 */
public final class AdminGate {

    public static final String HOW_TO_ENABLE = "the admin endpoints (/admin, /admin/api/*, /metrics) are off: "
            + "set RELAY_ADMIN_TOKEN to a long random string and restart the relay to enable them";

    private final AdminToken token;
    private final WrongTokenThrottle throttle;
    private final ClientAddress clients;

    public AdminGate(AdminToken token, WrongTokenThrottle throttle, ClientAddress clients) {
        this.token = token;
        this.throttle = throttle;
        this.clients = clients;
    }

    // Guards wrap the routes they guard rather than stand before them as path-bound filters:
    // Spark matches every such filter's path against every request the relay gets.

    /** A route that exists only while admin is enabled, token or not (the page and its script). */
    public Route enabledOnly(Route route) {
        return (req, res) -> token.enabled() ? route.handle(req, res) : disabled(res);
    }

    /** A route that also needs the bearer token. */
    public Route tokenRequired(Route route) {
        return (req, res) -> {
            Optional<String> refusal = refusal(req, res);
            return refusal.isPresent() ? refusal.get() : route.handle(req, res);
        };
    }

    private static String disabled(Response res) {
        return JsonErrors.answer(res, 404, "admin_disabled", HOW_TO_ENABLE, null);
    }

    /** The answer that refuses this request, if it is refused. */
    private Optional<String> refusal(Request req, Response res) {
        if (!token.enabled()) {
            return Optional.of(disabled(res));
        }
        // Not req.ip(): Spark applies anyone's X-Forwarded-For to it, which would let a guesser pick a fresh bucket.
        String client = clients.of(req);
        Optional<Duration> wait = throttle.waitFor(client);
        if (wait.isPresent()) {
            long seconds = RetryAfter.set(res, wait.get());
            return Optional.of(JsonErrors.answer(res, 429, "too_many_attempts",
                    "too many wrong admin tokens from this client; retry in " + seconds + " s", null));
        }
        String presented = req.headers("Authorization");
        if (token.grants(presented)) {
            return Optional.empty();
        }
        if (presented != null) {
            throttle.failed(client);
        }
        res.header("WWW-Authenticate", "Bearer realm=\"notion-relay admin\"");
        return Optional.of(JsonErrors.answer(res, 401, "unauthorized", presented == null
                ? "send Authorization: Bearer <RELAY_ADMIN_TOKEN>"
                : "the bearer token is not the admin token", null));
    }
}
