package com.notionrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.app.Storage;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notion-relay sync}: one pass, and an exit code a script can act on. */
class SyncCommandTest {

    /** Runs the command with an empty environment, so the machine's own variables cannot leak in. */
    private static int run(String... args) {
        return Main.run(args, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }

    @TempDir
    Path dir;

    /** A config file syncing the workspace's two databases into {@code db}, at {@code rateLimit} requests/s. */
    private Path config(DemoWorkspace ws, Path db, int rateLimit) throws IOException {
        Path config = dir.resolve("relay.properties");
        Files.writeString(config, String.join("\n",
                "relay.db=" + db,
                "notion.token=" + DemoWorkspace.TOKEN,
                "notion.base_url=" + ws.notion.baseUrl(),
                "notion.rate_limit=" + rateLimit,
                "notion.demos_db=" + ws.demos.databaseId(),
                "notion.interactions_db=" + ws.interactions.databaseId()));
        return config;
    }

    @Test
    void exitsZeroWhenThePassCompletesOneWhenItFailsTwoWithNothingToSync() throws IOException {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Path db = dir.resolve("relay.db");
            Path config = config(ws, db, 1000);

            assertEquals(0, run("sync", "--config", config.toString()));
            try (Storage storage = Storage.open(db, Clock.systemUTC())) {
                assertTrue(storage.pages.find(ws.demoPageId).isPresent());
                assertEquals("ok", storage.syncRuns.last().orElseThrow().status());
            }

            for (int i = 0; i < 4; i++) {
                ws.notion.enqueueFault(Fault.status(503).on("GET", "/v1/data_sources/"));
            }
            assertEquals(1, run("sync", "--full", "--config", config.toString()));

            Path noToken = dir.resolve("no-token.properties");
            Files.writeString(noToken, "relay.db=" + db + "\n");
            assertEquals(2, run("sync", "--config", noToken.toString()));
        }
    }

    @Test
    void statusShowsWhatSyncSpentOfTheRateBudget() throws IOException {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Path config = config(ws, dir.resolve("relay.db"), 2);
            assertEquals(0, run("sync", "--config", config.toString()));
            int requests = ws.notion.calls().size();

            StringWriter text = new StringWriter();
            assertEquals(0, Main.run(new String[] {"status", "--config", config.toString()}, Map.of(),
                    new PrintWriter(text), new PrintWriter(new StringWriter())));
            StringWriter json = new StringWriter();
            assertEquals(0, Main.run(new String[] {"status", "--json", "--config", config.toString()}, Map.of(),
                    new PrintWriter(json), new PrintWriter(new StringWriter())));

            assertTrue(text.toString().contains("sync share: " + requests + " Notion requests in the last 60 min, "),
                    text.toString());
            assertTrue(text.toString().contains("of the 7,200 the rate budget allows"), text.toString());
            JsonObject share = JsonParser.parseString(json.toString()).getAsJsonObject()
                    .getAsJsonObject("sync_budget_share");
            assertEquals(requests, share.get("notion_requests").getAsInt());
            assertEquals(7200, share.get("budget_requests").getAsInt());
        }
    }
}
