package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.fake.Fault;
import com.notionrelay.store.Job;
import com.notionrelay.store.JobState;
import com.notionrelay.store.JobStore;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 120 s Retry-After is a time written to the job, not a worker asleep holding it. */
class LongRetryAfterTest {

    @TempDir
    Path dir;

    @Test
    void aLongRetryAfterParksTheJobInTheStoreAndFreesTheWorker() {
        try (DemoWorkspace ws = new DemoWorkspace();
             TestRelay relay = TestRelay.start(dir.resolve("relay.db"), ws.relayEnv())) {
            ws.notion.enqueueFault(Fault.rateLimited(120).on("POST", "/v1/pages"));
            long before = System.currentTimeMillis();
            assertEquals(202, relay.post("/example/database/page",
                    "{\"event_id\":\"ra-1\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}").status());
            JobStore jobs = relay.relay().storage().jobs;
            Eventually.await("the job waits in the store", Duration.ofSeconds(10), () -> job(relay, "ra-1").lastError() != null);
            Job waiting = job(relay, "ra-1");
            assertEquals(JobState.PENDING, waiting.state());
            assertTrue(waiting.runAtMillis() >= before + 119_000, "due after Notion's Retry-After");

            // Notion asked every caller to wait: the next event's job is written down too, without a request
            assertEquals(202, relay.post("/example/database/page",
                    "{\"event_id\":\"ra-2\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}").status());
            Eventually.await("the second job waits in the store", Duration.ofSeconds(10), () -> job(relay, "ra-2").lastError() != null);
            assertEquals(JobState.PENDING, job(relay, "ra-2").state());
            assertTrue(job(relay, "ra-2").runAtMillis() >= before + 115_000);
            assertEquals(0L, jobs.countsByState().get(JobState.IN_FLIGHT), "no worker holds a job while it waits");
            assertEquals(1, ws.notion.calls("POST", "/v1/pages").size(), "nothing sent while Notion asked to wait");
        }
    }

    private static Job job(TestRelay relay, String eventId) {
        JobStore jobs = relay.relay().storage().jobs;
        return relay.relay().storage().db.read(c -> jobs.forEvent(c, eventId)).get(0);
    }
}
