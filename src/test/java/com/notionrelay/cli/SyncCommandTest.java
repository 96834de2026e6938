package com.notionrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.app.Storage;
import com.notionrelay.fake.Fault;
import com.notionrelay.support.DemoWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notion-relay sync}: one pass, and an exit code a script can act on. */
class SyncCommandTest {

    @TempDir
    Path dir;

    @Test
    void exitsZeroWhenThePassCompletesOneWhenItFailsTwoWithNothingToSync() throws IOException {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Path db = dir.resolve("relay.db");
            Path config = dir.resolve("relay.properties");
            Files.writeString(config, String.join("\n",
                    "relay.db=" + db,
                    "notion.token=" + DemoWorkspace.TOKEN,
                    "notion.base_url=" + ws.notion.baseUrl(),
                    "notion.rate_limit=1000",
                    "notion.demos_db=" + ws.demos.databaseId(),
                    "notion.interactions_db=" + ws.interactions.databaseId()));

            assertEquals(0, Main.run(new String[] {"sync", "--config", config.toString()}));
            try (Storage storage = Storage.open(db, Clock.systemUTC())) {
                assertTrue(storage.pages.find(ws.demoPageId).isPresent());
                assertEquals("ok", storage.syncRuns.last().orElseThrow().status());
            }

            for (int i = 0; i < 4; i++) {
                ws.notion.enqueueFault(Fault.status(503).on("GET", "/v1/data_sources/"));
            }
            assertEquals(1, Main.run(new String[] {"sync", "--full", "--config", config.toString()}));

            Path noToken = dir.resolve("no-token.properties");
            Files.writeString(noToken, "relay.db=" + db + "\n");
            assertEquals(2, Main.run(new String[] {"sync", "--config", noToken.toString()}));
        }
    }
}
