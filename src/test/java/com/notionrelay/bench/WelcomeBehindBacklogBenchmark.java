package com.notionrelay.bench;

import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long a guest waits for their welcome behind a backlog of Interactions log pages, at Notion's
 * real 3 requests/s with the fake enforcing its own 3/s bucket. Run with
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.notionrelay.bench.WelcomeBehindBacklogBenchmark}
 * (optional argument: the backlog, default 120 events).
 */
public final class WelcomeBehindBacklogBenchmark {

    private WelcomeBehindBacklogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        double rate = 3.0;
        Path dir = Files.createTempDirectory("relay-bench");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            try (TestRelay relay = RealRateRelay.start(ws, dir.resolve("relay.db"), rate)) {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int i = 0; i < backlog; i++) {
                    batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"log-").append(i).append("\",\"demo_id\":\"")
                            .append(ws.demoPageId).append("\",\"action\":\"viewed\"}");
                    if (i % 100 == 99 || i == backlog - 1) { // a batch holds at most 100 events
                        relay.post("/example/database/pages", batch.append("]}").toString());
                        batch = new StringBuilder("{\"events\":[");
                    }
                }
                Thread.sleep(1000); // the backlog is queued and delivery is under way
                Instant posted = Instant.now();
                relay.post("/example/guest_welcome", "{\"event_id\":\"hello\",\"demo_id\":\"" + ws.demoPageId
                        + "\",\"action\":\"visited\",\"guest\":{\"name\":\"Ada\"}}");
                String appendPath = "/v1/blocks/" + ws.demoPageId + "/children";
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                List<RecordedCall> appended;
                while ((appended = ws.notion.calls("PATCH", appendPath).stream().filter(c -> c.status() == 200).toList())
                        .isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("welcome not delivered in 120 s");
                    }
                    Thread.sleep(20);
                }
                Instant welcomed = appended.get(0).at();
                long logPages = ws.notion.calls("POST", "/v1/pages").stream().filter(c -> c.at().isBefore(welcomed)).count();
                System.out.printf("welcome in Notion %.1f s after it was posted, behind a backlog of %d log pages at "
                                + "%.0f requests/s (%d log pages written before it, %d answered 429 by the fake)%n",
                        Duration.between(posted, welcomed).toMillis() / 1000.0, backlog, rate, logPages,
                        ws.notion.overRateLimitCount());
            }
        }
    }
}
