package com.notionrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.fake.Fault;
import com.notionrelay.store.Database;
import com.notionrelay.store.JobState;
import com.notionrelay.store.JobStore;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.RelayProcess;
import com.notionrelay.support.TestRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a child process, killed with SIGKILL while events arrive and deliveries are
 * in flight, then started again: every event that was answered 2xx is in Notion exactly once. The
 * kill lands during a burst of concurrent posts, so the intake writer is committing groups of
 * requests (with duplicates among them) when it dies.
 */
class CrashIT {

    private static final Path JAR = RelayProcess.JAR;

    @TempDir
    Path dir;

    @Test
    void killNineMidStreamLosesAndDuplicatesNothing() throws Exception {
        assertTrue(Files.exists(JAR), "run through `mvn verify`: the jar is built before integration tests");
        try (DemoWorkspace ws = new DemoWorkspace()) {
            int port = freePort();
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_PORT", Integer.toString(port));
            env.put("RELAY_DB", dir.resolve("relay.db").toString());
            env.put("RELAY_SYNC_INTERVAL", "0");
            env.put("NOTION_RATE_LIMIT", "20");
            env.put("RELAY_INTAKE_RATE", "0"); // one load generator on one address, not a visitor
            // slow writes keep deliveries in flight when the kill lands; some are dropped after taking effect
            ws.notion.setRandomFaults(0.4, 7L, List.of(Fault.slow(Duration.ofMillis(400)).on("POST", "/v1/pages"),
                    Fault.dropAfterEffect().on("POST", "/v1/pages")));

            Process first = start(env, "first.log");
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(base);
            List<String> acknowledged = new ArrayList<>();
            int i = 0;
            while (ws.notion.calls("POST", "/v1/pages").size() < 40) {
                String id = "crash-" + i++;
                if (post(base, ws, id) / 100 == 2) {
                    acknowledged.add(id);
                }
                Thread.sleep(5); // a steady stream rather than a flood
            }
            // Eight posters at once, two by two sending the same ids, so duplicates meet inside a group commit.
            ExecutorService burst = Executors.newFixedThreadPool(8);
            Set<String> burstAcknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger cutByKill = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                int pair = t / 2;
                burst.submit(() -> {
                    for (int k = 0; k < 60; k++) {
                        String id = "burst-" + pair + "-" + k;
                        int status = post(base, ws, id);
                        if (status == -1) {
                            cutByKill.incrementAndGet();
                            return;
                        }
                        if (status / 100 == 2) { // 202, or 200 when the pair's other copy was stored
                            burstAcknowledged.add(id);
                        }
                    }
                });
            }
            Eventually.await("the burst under way", Duration.ofSeconds(30), () -> burstAcknowledged.size() >= 20);
            first.destroyForcibly(); // SIGKILL: no shutdown hook runs
            first.waitFor();
            burst.shutdown();
            assertTrue(burst.awaitTermination(60, TimeUnit.SECONDS));
            acknowledged.addAll(burstAcknowledged);
            long inFlightAtKill;
            try (Database db = new Database(dir.resolve("relay.db"))) {
                inFlightAtKill = new JobStore(db).countsByState().get(JobState.IN_FLIGHT);
            }
            assertTrue(inFlightAtKill > 0, "the kill landed while deliveries were in flight");
            for (int j = 0; j < 5; j++) { // the relay is gone: these are refused, never acknowledged
                assertEquals(-1, post(base, ws, "after-kill-" + j));
            }

            Process second = start(env, "second.log");
            try {
                awaitHealthy(base);
                Eventually.await("every acknowledged event delivered", Duration.ofSeconds(90), () ->
                        acknowledged.stream().allMatch(id -> "delivered".equals(status(base, id))));
            } finally {
                second.destroy();
                second.waitFor();
            }
            ws.notion.setRandomFaults(0, 0, List.of());

            Map<String, Integer> pagesPerEvent = new HashMap<>();
            for (JsonObject p : ws.notion.pagesIn(ws.interactions.dataSourceId())) {
                pagesPerEvent.merge(DemoWorkspace.text(p, "Event ID"), 1, Integer::sum);
            }
            for (String id : acknowledged) {
                assertEquals(1, pagesPerEvent.getOrDefault(id, 0), "pages for " + id);
            }
            pagesPerEvent.forEach((id, n) -> assertEquals(1, n, "pages for " + id));
            assertTrue(acknowledged.size() >= 40, "events were acknowledged before the kill");
            System.out.printf("acknowledged %d events (%d of them in the concurrent burst), %d jobs in flight at the kill, "
                    + "%d burst posts cut by it%n", acknowledged.size(), burstAcknowledged.size(), inFlightAtKill, cutByKill.get());
        }
    }

    private Process start(Map<String, String> env, String log) throws IOException {
        return RelayProcess.start(JAR, dir, env, dir.resolve(log));
    }

    private static void awaitHealthy(String base) {
        RelayProcess.awaitHealthy(base);
    }

    /** @return the HTTP status, or -1 when the relay could not be reached */
    private static int post(String base, DemoWorkspace ws, String id) {
        String body = "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\"}";
        try {
            return TestRelay.call(new Request.Builder().url(base + "/example/database/page")
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build()).status();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    private static String status(String base, String id) {
        return RelayProcess.status(base, id);
    }

    private static int freePort() throws IOException {
        return RelayProcess.freePort();
    }
}
