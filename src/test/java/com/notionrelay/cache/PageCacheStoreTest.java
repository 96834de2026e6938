package com.notionrelay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.app.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageCacheStoreTest {

    @TempDir
    Path dir;

    private static CachedPage page(String name, String lastEdited, List<String> demo) {
        JsonObject props = JsonParser.parseString("{\"Name\": {\"type\": \"title\", \"title\": [{\"plain_text\": \""
                + name + "\"}]}}").getAsJsonObject();
        return new CachedPage("00000000-0000-0000-0000-000000000001", "ds", name, props, "2026-11-22T10:00:00.000Z",
                lastEdited, false, Map.of("Demo", demo));
    }

    @Test
    void anOlderCopyNeverReplacesANewerOne() {
        try (Storage s = Storage.open(dir.resolve("relay.db"), Clock.systemUTC())) {
            s.pages.upsert(page("written by the relay", "2026-11-22T10:05:00.000Z", List.of("a")));
            s.pages.upsert(page("read by a sync that started earlier", "2026-11-22T10:03:00.000Z", List.of("b")));
            CachedPage kept = s.pages.find("00000000-0000-0000-0000-000000000001").orElseThrow();
            assertEquals("written by the relay", kept.title());
            assertEquals(List.of("a"), kept.relations().get("Demo"));

            s.pages.upsert(page("edited in the same minute", "2026-11-22T10:05:00.000Z", List.of("c")));
            assertEquals("edited in the same minute", s.pages.find("00000000-0000-0000-0000-000000000001").orElseThrow().title());
        }
    }
}
