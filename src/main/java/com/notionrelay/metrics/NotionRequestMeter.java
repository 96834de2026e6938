package com.notionrelay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp interceptor on the Notion client: every request counted by operation and HTTP outcome,
 * and timed until its response headers arrive. It only observes: what a failure means (transient,
 * permanent…) is decided by the client, not here.
 */
final class NotionRequestMeter implements Interceptor {

    // A few fixed buckets rather than Micrometer's ~70 percentile ones, times every operation and outcome.
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    NotionRequestMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String operation = operation(request.method(), request.url());
        Timer.Sample sample = Timer.start(registry);
        try {
            Response response = chain.proceed(request);
            record(sample, operation, outcome(response.code()));
            return response;
        } catch (IOException | RuntimeException e) {
            record(sample, operation, "no_response");
            throw e;
        }
    }

    private void record(Timer.Sample sample, String operation, String outcome) {
        sample.stop(Timer.builder("relay.notion.request")
                .description("Notion API requests, until the response headers arrive")
                .tags("operation", operation, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        Counter.builder("relay.notion.requests").description("Notion API requests by operation and HTTP outcome")
                .tags("operation", operation, "outcome", outcome).register(registry).increment();
    }

    /**
     * The method and path with ids replaced, so one label value stands for one endpoint: Notion's
     * paths alternate a resource name and an id ({@code /v1/blocks/{id}/children}).
     */
    static String operation(String method, HttpUrl url) {
        List<String> segments = url.pathSegments();
        int v1 = segments.indexOf("v1");
        StringBuilder sb = new StringBuilder(method).append(' ');
        for (int i = 0; i < segments.size(); i++) {
            sb.append('/');
            boolean isId = v1 >= 0 && i > v1 && (i - v1) % 2 == 0;
            sb.append(isId ? "{id}" : segments.get(i));
        }
        return sb.toString();
    }

    static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "ok";
        }
        if (status == 429) {
            return "rate_limited";
        }
        return status >= 500 ? "server_error" : "client_error";
    }
}
