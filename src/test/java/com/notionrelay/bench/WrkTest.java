package com.notionrelay.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The intake benchmark's reading of wrk's report (wrk 4.1, with --latency). */
class WrkTest {

    private static final String REPORT = """
            Running 10s test @ http://127.0.0.1:36979/
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    12.30ms   20.11ms 430.14ms   91.20%
                Req/Sec   232.10     80.00   410.00     70.00%
              Latency Distribution
                 50%  850.00us
                 75%   10.00ms
                 90%   20.00ms
                 99%    1.20s
              4610 requests in 10.01s, 1.02MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:    460.54
            Transfer/sec:    104.00KB
            """;

    @Test
    void readsCountsRatesAndPercentilesInTheirUnits() {
        Wrk.Result r = Wrk.parse(REPORT);
        assertEquals(4610, r.requests());
        assertEquals(10.01, r.seconds(), 1e-9);
        assertEquals(460.54, r.perSecond(), 1e-9);
        assertEquals(0.85, r.p50(), 1e-9);
        assertEquals(1200, r.p99(), 1e-9);
        assertEquals(7, r.non2xx());
        assertEquals(5, r.socketErrors());
    }

    @Test
    void aReportWithoutErrorLinesHasNone() {
        Wrk.Result r = Wrk.parse(REPORT.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", ""));
        assertEquals(0, r.non2xx());
        assertEquals(0, r.socketErrors());
    }

    @Test
    void somethingElseThanAWrkReportIsRefused() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("wrk: connection refused"));
    }
}
