package com.notionrelay.fake;

import java.time.Instant;
import java.util.Map;

/**
 * One request the fake received. {@code headers} is case-insensitive; {@code at} is wall-clock
 * time (not the fake's clock) so tests can measure back-off between calls; {@code status} is 0
 * when the connection was dropped without a response.
 */
public record RecordedCall(String method, String path, Map<String, String> headers, String body, Instant at, int status) {
    public String header(String name) {
        return headers.get(name);
    }
}
