package com.notionrelay.bench;

import com.notionrelay.fake.RecordedCall;
import com.notionrelay.store.JobState;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How much of Notion's rate budget delivery uses under a backlog, at the real 3 requests/s, with
 * the fake enforcing its own 3/s bucket. Run with
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.notionrelay.bench.DeliveryRateBenchmark}
 * (optional argument: the number of events, default 90).
 */
public final class DeliveryRateBenchmark {

    private DeliveryRateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        double rate = 3.0;
        Path dir = Files.createTempDirectory("relay-bench");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            try (TestRelay relay = RealRateRelay.start(ws, dir.resolve("relay.db"), rate)) {
                for (int i = 0; i < events; i++) {
                    relay.post("/example/database/page", "{\"event_id\":\"bench-" + i + "\",\"demo_id\":\"" + ws.demoPageId
                            + "\",\"action\":\"viewed\"}");
                }
                long deadline = System.nanoTime() + Duration.ofSeconds((long) (events / rate * 3 + 30)).toNanos();
                while (relay.relay().storage().jobs.countsByState().get(JobState.DONE) < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("backlog not delivered in time");
                    }
                    Thread.sleep(100);
                }
            }
            // every call the relay made once the backlog was queued, first to last
            List<RecordedCall> calls = ws.notion.calls().stream().filter(c -> !c.path().startsWith("/v1/databases")).toList();
            double seconds = Duration.between(calls.get(0).at(), calls.get(calls.size() - 1).at()).toNanos() / 1e9;
            double achieved = (calls.size() - 1) / seconds;
            System.out.printf("delivered %d events with %d Notion requests in %.1f s: %.2f requests/s of a %.1f/s budget "
                            + "(%.0f %%), %d answered 429 by the fake's bucket%n",
                    events, calls.size(), seconds, achieved, rate, achieved / rate * 100, ws.notion.overRateLimitCount());
        }
    }
}
