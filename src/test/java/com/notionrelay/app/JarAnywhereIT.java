package com.notionrelay.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.RelayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started from an empty directory (no routes/, no config/) serves all six shipped
 * modules from inside itself, and each delivers into the fake Notion.
 */
class JarAnywhereIT {

    @TempDir
    Path empty;

    @TempDir
    Path logs;

    @Test
    void theJarStartedFromAnEmptyDirectoryServesTheSixModules() throws Exception {
        assertTrue(Files.exists(RelayProcess.JAR), "run through `mvn verify`: the jar is built before integration tests");
        try (Stream<Path> nothing = Files.list(empty)) {
            assertEquals(0, nothing.count());
        }
        try (DemoWorkspace ws = new DemoWorkspace()) {
            int port = RelayProcess.freePort();
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_PORT", Integer.toString(port));
            env.put("RELAY_SYNC_INTERVAL", "0");
            Process relay = RelayProcess.start(RelayProcess.JAR, empty, env, logs.resolve("relay.log"));
            String base = "http://127.0.0.1:" + port;
            try {
                RelayProcess.awaitHealthy(base);
                String demo = ws.demoPageId;
                String guest = ",\"guest\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"}";
                Map<String, String> posts = Map.of(
                        "/example/database/page", event("page", demo, ""),
                        "/example/database/pages", "{\"events\":[" + event("batch-1", demo, "") + ","
                                + event("batch-2", demo, "") + "]}",
                        "/example/child_pages", event("child", demo, guest),
                        "/example/callout", event("callout", demo, guest),
                        "/example/guest_welcome", event("welcome", demo, guest),
                        "/example/property_injections", event("props", demo, guest));
                posts.forEach((path, body) -> assertEquals(202, RelayProcess.post(base, path, body).status(), path));
                RelayProcess.awaitDelivered(base, "page", "batch-1", "batch-2", "child", "callout", "welcome", "props");
            } finally {
                relay.destroy();
                relay.waitFor();
            }
            Set<String> routes = new TreeSet<>();
            List<JsonObject> pages = ws.notion.pagesIn(ws.interactions.dataSourceId());
            pages.forEach(p -> routes.add(DemoWorkspace.text(p, "Route")));
            assertEquals(7, pages.size());
            assertEquals(Set.of("callout", "child-pages", "database-page", "database-pages", "guest-welcome",
                    "property-injections"), routes);
            assertEquals(3, ws.notion.children(ws.demoPageId).size(), "a child page, a callout and a welcome");
            assertEquals("Ada", DemoWorkspace.text(ws.notion.page(ws.demoPageId).orElseThrow(), "Current viewer"));
            assertTrue(Files.exists(empty.resolve("data/relay.db")), "the default database file, in the working directory");
        }
    }

    private static String event(String id, String demo, String extra) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + demo + "\",\"action\":\"viewed\"" + extra + "}";
    }
}
