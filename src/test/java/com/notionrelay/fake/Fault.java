package com.notionrelay.fake;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A failure the fake injects into a matching request. Factories match every request; narrow
 * with {@link #on(String, String)}, e.g. {@code Fault.dropAfterEffect().on("POST", "/v1/pages")}.
 *
 * @param method     HTTP method to match, or null for any
 * @param pathPrefix path prefix to match (without query string), e.g. "/v1/pages"
 * @param kind       what happens to the request
 */
public record Fault(String method, String pathPrefix, Kind kind) {

    /** What a fault does to the request it hits. */
    public sealed interface Kind permits Status, Slow, DropAfterEffect, DropBeforeEffect {}

    /** Answer with a Notion error instead of performing the request (no effect). */
    public record Status(int status, String code, Integer retryAfterSeconds) implements Kind {
        public Status {
            if (status < 400 || status > 599) throw new IllegalArgumentException("status must be 4xx/5xx: " + status);
            Objects.requireNonNull(code, "code");
        }
    }

    /** Perform the request, then hold the response headers back for {@code delay}. */
    public record Slow(Duration delay) implements Kind {
        public Slow {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Perform the request, then close the connection without answering. */
    public record DropAfterEffect() implements Kind {}

    /** Close the connection without answering; nothing happens. */
    public record DropBeforeEffect() implements Kind {}

    public Fault {
        Objects.requireNonNull(kind, "kind");
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
        pathPrefix = pathPrefix == null ? "/" : pathPrefix;
    }

    public static Fault status(int status, String code, Integer retryAfterSeconds) {
        return new Fault(null, "/", new Status(status, code, retryAfterSeconds));
    }

    /** The status code with Notion's code for it (e.g. 502 → bad_gateway). */
    public static Fault status(int status) {
        return status(status, codeFor(status), status == 429 ? 1 : null);
    }

    public static Fault rateLimited(int retryAfterSeconds) {
        return status(429, "rate_limited", retryAfterSeconds);
    }

    public static Fault slow(Duration delay) {
        return new Fault(null, "/", new Slow(delay));
    }

    public static Fault dropAfterEffect() {
        return new Fault(null, "/", new DropAfterEffect());
    }

    public static Fault dropBeforeEffect() {
        return new Fault(null, "/", new DropBeforeEffect());
    }

    /** Same fault, restricted to a method (null for any) and path prefix. */
    public Fault on(String method, String pathPrefix) {
        return new Fault(method, pathPrefix, kind);
    }

    public boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod)) && path.startsWith(pathPrefix);
    }

    /** Notion's error code for a status, per the developer docs' status-code table. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "validation_error";
            case 401 -> "unauthorized";
            case 403 -> "restricted_resource";
            case 404 -> "object_not_found";
            case 409 -> "conflict_error";
            case 429 -> "rate_limited";
            case 500 -> "internal_server_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            case 529 -> "service_overload";
            default -> throw new IllegalArgumentException("no Notion error code for status " + status);
        };
    }
}
