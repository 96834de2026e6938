package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping closes intake at once (503) and lets the Notion call in flight finish. */
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void intakeAnswers503WhileTheCallInFlightFinishes() throws Exception {
        Path db = dir.resolve("relay.db");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            TestRelay relay = TestRelay.start(db, ws.relayEnv());
            ws.notion.enqueueFault(Fault.slow(Duration.ofMillis(1500)).on("POST", "/v1/pages"));
            String first = "{\"event_id\":\"s-1\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
            assertEquals(202, relay.post("/example/database/page", first).status());
            Eventually.await("the write reached Notion", Duration.ofSeconds(10),
                    () -> !ws.notion.calls("POST", "/v1/pages").isEmpty());

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(relay::close);
            // posts racing the start of close() may still be accepted; each try has its own id
            AtomicInteger tries = new AtomicInteger();
            Eventually.await("intake closed", Duration.ofSeconds(5), () -> relay.post("/example/database/page",
                    "{\"event_id\":\"late-" + tries.incrementAndGet() + "\",\"demo_id\":\"" + ws.demoPageId
                            + "\",\"action\":\"late\"}").status() == 503);
            String refused = "late-" + tries.get();
            stopping.get();

            try (TestRelay after = TestRelay.start(db, ws.relayEnv())) {
                assertEquals("delivered", after.get("/api/events/s-1").json().get("status").getAsString());
                assertEquals(404, after.get("/api/events/" + refused).status(), "the refused event was not stored");
            }
            assertEquals("s-1", DemoWorkspace.text(ws.notion.pagesIn(ws.interactions.dataSourceId()).get(0), "Event ID"));
        }
    }
}
