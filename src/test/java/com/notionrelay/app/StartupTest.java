package com.notionrelay.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.cli.Main;
import com.notionrelay.support.TestRelay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay that cannot listen stops instead of running half-started (and delivering beside another). */
class StartupTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUseStopsStartUpWithALineNamingThePort() {
        try (TestRelay first = TestRelay.start(dir.resolve("a.db"), Map.of())) {
            int port = first.relay().port();
            Map<String, String> env = Map.of("RELAY_PORT", Integer.toString(port), "RELAY_DB", dir.resolve("b.db").toString(),
                    "RELAY_SYNC_INTERVAL", "0");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Relay.start(TestRelay.settings(dir.resolve("b.db"), env), Clock.systemUTC()));
            assertTrue(e.getMessage().startsWith("cannot listen on port " + port), e.getMessage());

            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"serve"}, env, new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertEquals(1, code);
            assertTrue(err.toString().startsWith("notion-relay: cannot listen on port " + port), err.toString());

            assertEquals(200, first.get("/health").status(), "the relay already running is untouched");
        }
    }
}
