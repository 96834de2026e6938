package com.notionrelay.web;

import com.notionrelay.config.InvalidSettingException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * {@code RELAY_ALLOWED_ORIGINS}: which browser origins may post events and read the public
 * lookups. A request without {@code Origin} (a server, a script, Notion) is not a browser's and
 * passes; the relay's own origin (its /demo page) always passes; {@code *} allows any.
 */
public final class OriginPolicy {

    public static final String SETTING = "relay.allowed_origins";

    private final boolean any;
    private final Set<String> allowed = new HashSet<>();

    public OriginPolicy(List<String> origins) {
        boolean star = false;
        for (String o : origins) {
            if (o.equals("*")) {
                star = true;
            } else if (o.matches("(?i)https?://[^/\\s?#]+/?")) {
                allowed.add(normal(o));
            } else {
                throw new InvalidSettingException(SETTING, o, "must be * or an origin such as https://example.com");
            }
        }
        this.any = star;
    }

    /** @param host the request's {@code Host} header: an origin naming it is the relay's own */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String o = normal(origin);
        int scheme = o.indexOf("://");
        if (host != null && scheme > 0 && o.substring(scheme + 3).equals(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return allowed.contains(o);
    }

    /** Refused: the request carries an {@code Origin} this relay does not allow. */
    public boolean refuses(Request req) {
        return !allows(req.headers("Origin"), req.host());
    }

    /** The 403 a refused origin gets; nothing is read or stored. */
    public static String refusal(Request req, Response res) {
        return JsonErrors.answer(res, 403, "origin_not_allowed", "origin " + req.headers("Origin")
                + " may not call this relay; add it to RELAY_ALLOWED_ORIGINS", "Origin");
    }

    /** Lets an allowed browser origin read the answer (errors included). */
    public void allowReading(Request req, Response res) {
        String origin = req.headers("Origin");
        if (origin != null && allows(origin, req.host())) {
            res.header("Access-Control-Allow-Origin", origin);
            res.header("Vary", "Origin");
        }
    }

    /**
     * {@code route}, letting allowed origins read its answers (errors included). A wrapper, not a
     * path-bound filter: Spark matches every such filter's path against every request.
     */
    public Route readable(Route route) {
        return (req, res) -> {
            allowReading(req, res);
            return route.handle(req, res);
        };
    }

    /** Answers the CORS preflight of {@code path}: 204 with what may be sent, or 403 for a refused origin. */
    public void preflight(Service http, String path, String methods) {
        http.options(path, (req, res) -> {
            if (refuses(req)) {
                return refusal(req, res);
            }
            allowReading(req, res);
            res.header("Access-Control-Allow-Methods", methods + ", OPTIONS");
            res.header("Access-Control-Allow-Headers", "Content-Type, Authorization, X-API-Key");
            res.header("Access-Control-Max-Age", "600");
            res.status(204);
            return "";
        });
    }

    private static String normal(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
