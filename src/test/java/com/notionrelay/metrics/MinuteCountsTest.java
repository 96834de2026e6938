package com.notionrelay.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The chart's per-minute ring and the Notion operation label, without a server. */
class MinuteCountsTest {

    private static final long MINUTE = 60_000;

    @Test
    void countsLandInTheirMinuteAndAnHourLaterTheSlotStartsAgain() {
        MinuteCounts counts = new MinuteCounts();
        long t0 = 1_000 * MINUTE;
        counts.add(t0 + 5, 2);
        counts.add(t0 + 59_999, 1);
        counts.add(t0 + MINUTE, 4);
        long[] hour = counts.lastHour(t0 + MINUTE + 30_000);
        assertEquals(60, hour.length);
        assertEquals(3, hour[58]);
        assertEquals(4, hour[59]);
        assertEquals(t0 - 58 * MINUTE, MinuteCounts.firstMinuteStart(t0 + MINUTE + 30_000));

        counts.add(t0 + 60 * MINUTE, 7); // same slot as t0, an hour later
        counts.add(t0 + 1, 100);         // too old now: dropped
        long[] later = counts.lastHour(t0 + 60 * MINUTE);
        assertEquals(7, later[59]);
        assertEquals(4, later[0], "t0 + 1 minute is still inside the hour");
        assertEquals(11, Arrays.stream(later).sum());
        assertArrayEquals(new long[60], counts.lastHour(t0 + 200 * MINUTE), "all older than an hour");
    }

    @Test
    void notionOperationsNameTheEndpointNotTheIds() {
        assertEquals("POST /v1/pages", NotionRequestMeter.operation("POST", HttpUrl.get("http://n/v1/pages")));
        assertEquals("PATCH /v1/blocks/{id}/children",
                NotionRequestMeter.operation("PATCH", HttpUrl.get("http://n/v1/blocks/abc-123/children?x=1")));
        assertEquals("GET /v1/pages/{id}/properties/{id}",
                NotionRequestMeter.operation("GET", HttpUrl.get("http://n/v1/pages/p1/properties/title")));
        assertEquals("POST /proxy/v1/data_sources/{id}/query", NotionRequestMeter.operation("POST",
                HttpUrl.get("http://n/proxy/v1/data_sources/d/query")), "ids counted from /v1, under any base path");
        assertEquals("rate_limited", NotionRequestMeter.outcome(429));
        assertEquals("server_error", NotionRequestMeter.outcome(503));
        assertEquals("client_error", NotionRequestMeter.outcome(404));
        assertEquals("ok", NotionRequestMeter.outcome(200));
    }
}
