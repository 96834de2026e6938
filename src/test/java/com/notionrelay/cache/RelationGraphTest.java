package com.notionrelay.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.app.Storage;
import com.notionrelay.cache.RelationQueries.Link;
import com.notionrelay.cache.RelationQueries.Shown;
import com.notionrelay.cache.RelationQueries.Sort;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory graph answers from the SQLite file as it is now, whoever wrote it: two Storage
 * instances on one file stand for the server and the sync command in another process.
 */
class RelationGraphTest {

    private static final String DEMO = "00000000-0000-0000-0000-0000000000d0";

    @TempDir
    Path dir;

    private static CachedPage page(String id, String name, String created, boolean trashed, Map<String, List<String>> rel) {
        JsonObject props = JsonParser.parseString("{\"Name\": {\"type\": \"title\", \"title\": [{\"plain_text\": \""
                + name + "\"}]}}").getAsJsonObject();
        return new CachedPage(id, "ds", name, props, created, created, trashed, rel);
    }

    private static String id(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    private static String names(List<Shown> shown) {
        return String.join(",", shown.stream().map(Shown::text).toList());
    }

    private static List<Shown> all(Storage s, Optional<Sort> sort) {
        return s.graph.shown(new Link(DEMO, "Interactions", "Demo"), "Name", Optional.empty(), sort, Integer.MAX_VALUE);
    }

    @Test
    void seesWritesMadeThroughAnotherConnectionToTheFile() {
        Path file = dir.resolve("relay.db");
        try (Storage server = Storage.open(file, Clock.systemUTC());
             Storage otherProcess = Storage.open(file, Clock.systemUTC())) {
            otherProcess.pages.upsert(page(DEMO, "demo", "2026-01-01T00:00:00Z", false,
                    Map.of("Interactions", List.of(id(2), id(1)))));
            otherProcess.pages.upsertAll(List.of(
                    page(id(1), "b", "2026-01-01T00:01:00Z", false, Map.of("Demo", List.of(DEMO))),
                    page(id(2), "a", "2026-01-01T00:02:00Z", false, Map.of("Demo", List.of(DEMO)))));
            assertEquals("a,b", names(all(server, Optional.empty())), "the demo's own order");

            // only the other side knows of c and d: they follow, oldest first
            otherProcess.pages.upsert(page(id(4), "d", "2026-01-01T00:04:00Z", false, Map.of("Demo", List.of(DEMO))));
            otherProcess.pages.upsert(page(id(3), "c", "2026-01-01T00:03:00Z", false, Map.of("Demo", List.of(DEMO))));
            assertEquals("a,b,c,d", names(all(server, Optional.empty())));
            assertEquals("d,c,b,a", names(all(server, Optional.of(new Sort("Name", true)))));

            otherProcess.pages.markTrashed(id(2));
            otherProcess.pages.upsert(page(id(1), "b2", "2026-01-01T00:01:00Z", false, Map.of("Demo", List.of(DEMO))));
            assertEquals("b2,c,d", names(all(server, Optional.empty())));

            // d moves to another demo: it leaves this demo's other side
            otherProcess.pages.upsert(page(id(4), "d", "2026-01-01T00:04:00Z", false, Map.of("Demo", List.of(id(99)))));
            assertEquals("b2,c", names(all(server, Optional.empty())));
        }
    }

    @Test
    void aFreshLoadKeepsAListWhoseRowsTheTwoLoaderThreadsReadApart() {
        Path file = dir.resolve("relay.db");
        // eight interactions (one relation row each), then the demo's list of eight: rows 9–16,
        // the last quarter of the table (rows 13–16) is read by the second loader thread
        List<String> order = List.of(id(5), id(3), id(8), id(1), id(7), id(2), id(4), "page-odd");
        try (Storage writer = Storage.open(file, Clock.systemUTC())) {
            for (int k = 0; k < order.size(); k++) {
                writer.pages.upsert(page(order.get(k), "n" + k, "2026-01-01T00:0" + (8 - k) + ":00Z", false,
                        Map.of("Demo", List.of(DEMO))));
            }
            writer.pages.upsert(page(DEMO, "demo", "2026-01-01T00:00:00Z", false, Map.of("Interactions", order)));
        }
        try (Storage fresh = Storage.open(file, Clock.systemUTC())) {
            assertEquals("n0,n1,n2,n3,n4,n5,n6,n7", names(all(fresh, Optional.empty())), "the demo's own order");
            assertEquals(List.of(DEMO), fresh.graph.shown(new Link("page-odd", "Demo", "Interactions"), "Name",
                    Optional.empty(), Optional.empty(), 10).stream().map(Shown::id).toList());
        }
    }

    @Test
    void reloadsEverythingWhenTheLogWasTrimmedPastIt() {
        Path file = dir.resolve("relay.db");
        try (Storage server = Storage.open(file, Clock.systemUTC());
             Storage otherProcess = Storage.open(file, Clock.systemUTC())) {
            otherProcess.pages.upsert(page(DEMO, "demo", "2026-01-01T00:00:00Z", false,
                    Map.of("Interactions", List.of(id(1)))));
            otherProcess.pages.upsert(page(id(1), "a", "2026-01-01T00:01:00Z", false, Map.of()));
            assertEquals("a", names(all(server, Optional.empty())));

            otherProcess.pages.upsert(page(id(1), "renamed", "2026-01-01T00:01:00Z", false, Map.of()));
            otherProcess.pages.upsert(page(id(2), "x", "2026-01-01T00:02:00Z", false, Map.of()));
            // the log loses the entries this graph has not read, as trimming would
            otherProcess.db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM cache_changes WHERE seq < (SELECT MAX(seq) FROM cache_changes)")) {
                    return ps.executeUpdate();
                }
            });
            assertEquals("renamed", names(all(server, Optional.empty())));
        }
    }

    @Test
    void aFullLoadKeepsNotionsOrderWhateverOrderTheRowsWereWrittenIn() {
        Path file = dir.resolve("relay.db");
        try (Storage writer = Storage.open(file, Clock.systemUTC())) {
            writer.pages.upsertAll(List.of(
                    page(id(1), "a", "2026-01-01T00:01:00Z", false, Map.of()),
                    page(id(2), "b", "2026-01-01T00:02:00Z", false, Map.of()),
                    page(id(3), "c", "2026-01-01T00:03:00Z", false, Map.of()),
                    page(DEMO, "demo", "2026-01-01T00:00:00Z", false, Map.of())));
            // the list written last position first, and another property's rows in between
            writer.db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO relations(page_id, property, position, related_page_id) VALUES (?, ?, ?, ?)")) {
                    Object[][] rows = {{"Interactions", 2, id(1)}, {"Other", 0, id(3)}, {"Interactions", 0, id(3)},
                            {"Interactions", 1, id(2)}};
                    for (Object[] r : rows) {
                        ps.setString(1, DEMO);
                        ps.setString(2, (String) r[0]);
                        ps.setInt(3, (Integer) r[1]);
                        ps.setString(4, (String) r[2]);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        }
        try (Storage fresh = Storage.open(file, Clock.systemUTC())) {
            assertEquals("c,b,a", names(all(fresh, Optional.empty())));
            assertEquals("c", names(fresh.graph.shown(new Link(DEMO, "Other", null), "Name", Optional.empty(),
                    Optional.empty(), Integer.MAX_VALUE)));
        }
    }

    @Test
    void sortsTextByCodePointAsSQLiteDoes() {
        // In UTF-16 (Java's String order) a surrogate pair sorts before U+E000–U+FFFF; by code
        // point (SQLite's order for UTF-8 text) it sorts after: "😀" after "Ａ", "a😀" after "a\uFFFF".
        String bySQLite = sortsAsSQLiteDoes(List.of("😀a", "a😀", "Ａ", "z", "é", "a\uFFFF", "😀", "Z"));
        assertEquals("Z,a\uFFFF,a😀,z,é,Ａ,😀,😀a", bySQLite);
    }

    @Test
    void sortsNamesSharingALongPrefixAsSQLiteDoes() {
        // Names from one template, compared by String.compareTo when neither holds a surrogate:
        // prefixes of each other, U+0000 after the prefix, U+FFFF, a surrogate pair among them.
        sortsAsSQLiteDoes(List.of("Interaction 12", "Interaction 1", "Interaction 12345", "Interaction 12344",
                "Interaction 1\u0000", "Interaction 1\u0000\u0000x", "Interaction ", "Interaction 9",
                "Interaction \uFFFF", "Interaction 😀", "Interaction é", "Interaction 1234"));
    }

    @Test
    void sortsANumberPropertyAsNumbersAndATextOneAsText() {
        try (Storage s = Storage.open(dir.resolve("relay.db"), Clock.systemUTC())) {
            List<String> ids = new ArrayList<>();
            int[] scores = {9, 100, 10};
            for (int k = 0; k < scores.length; k++) {
                ids.add(id(k + 1));
                JsonObject props = JsonParser.parseString("{\"Name\": {\"type\": \"title\", \"title\": [{\"plain_text\": \""
                        + scores[k] + "\"}]}, \"Score\": {\"type\": \"number\", \"number\": " + scores[k] + "}}").getAsJsonObject();
                s.pages.upsert(new CachedPage(id(k + 1), "ds", "n", props, "2026-01-01T00:0" + k + ":00Z",
                        "2026-01-01T00:0" + k + ":00Z", false, Map.of()));
            }
            s.pages.upsert(page(DEMO, "demo", "2026-01-01T00:00:00Z", false, Map.of("Interactions", ids)));
            Link link = new Link(DEMO, "Interactions", "Demo");
            // the text column is sorted first: a sort by a column without numbers reads none
            assertEquals("10,100,9", names(all(s, Optional.of(new Sort("Name", false)))));
            assertEquals("9,10,100", names(s.graph.shown(link, "Name", Optional.empty(),
                    Optional.of(new Sort("Score", false)), 10)));
            assertEquals("100,10,9", names(s.graph.shown(link, "Name", Optional.empty(),
                    Optional.of(new Sort("Score", true)), 10)));
        }
    }

    /** Relates pages named {@code names} to the demo, checks the graph sorts them both ways as SQLite's ORDER BY does, and returns that order. */
    private String sortsAsSQLiteDoes(List<String> names) {
        try (Storage s = Storage.open(dir.resolve("relay.db"), Clock.systemUTC())) {
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                ids.add(id(k + 1));
                s.pages.upsert(page(id(k + 1), names.get(k), "2026-01-01T00:" + (10 + k) + ":00Z", false, Map.of()));
            }
            s.pages.upsert(page(DEMO, "demo", "2026-01-01T00:00:00Z", false, Map.of("Interactions", ids)));
            List<String> sqliteOrder = s.db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT text FROM page_values WHERE property = 'Name' AND page_id <> ? ORDER BY text")) {
                    ps.setString(1, DEMO);
                    List<String> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                    return out;
                }
            });
            assertEquals(names.size(), sqliteOrder.size());
            List<String> descending = new ArrayList<>(sqliteOrder);
            Collections.reverse(descending);
            String bySQLite = String.join(",", sqliteOrder);
            assertEquals(bySQLite, names(all(s, Optional.of(new Sort("Name", false)))));
            assertEquals(String.join(",", descending), names(all(s, Optional.of(new Sort("Name", true)))));
            return bySQLite;
        }
    }
}
