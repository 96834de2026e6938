package com.notionrelay.bench;

import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The delivery benchmarks' relay: against the workspace's fake Notion at {@code rate} requests/s,
 * the fake enforcing its own bucket of that rate, and the per-client intake limit off (a benchmark
 * is one load generator on one address, not a visitor).
 */
final class RealRateRelay {

    private RealRateRelay() {
    }

    static TestRelay start(DemoWorkspace ws, Path db, double rate) {
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.put("NOTION_RATE_LIMIT", Double.toString(rate));
        env.put("RELAY_INTAKE_RATE", "0");
        ws.notion.setRateLimit(rate, 3);
        return TestRelay.start(db, env);
    }
}
