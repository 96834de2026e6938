package com.notionrelay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.notionrelay.fake.RecordedCall;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors people can act on, over real HTTP into the fake Notion: a JSON error says what is wrong in
 * the body and where; bytes that are not UTF-8 are refused, not stored with replacement characters;
 * a date Notion cannot hold is refused at intake; dates reach Notion with milliseconds at most.
 */
class ActionableErrorsTest {

    private static final String PATH = "/example/database/page";

    @TempDir
    Path dir;
    final DemoWorkspace ws = new DemoWorkspace();

    @AfterEach
    void close() {
        ws.close();
    }

    private TestRelay start() {
        return TestRelay.start(dir.resolve("relay.db"), ws.relayEnv());
    }

    private static String message(TestRelay.Answer a) {
        return a.json().getAsJsonObject("error").get("message").getAsString();
    }

    @Test
    void jsonErrorsSayWhatIsWrongInTheBody() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"demo_id\": \"x\", \"action\": tru}",
                "body is not valid JSON: unexpected 'tru' at line 1, column 28 (text needs double quotes; "
                        + "the literals are true, false and null) (at $.action)");
        cases.put("{'demo_id': 1}", "body is not valid JSON: unexpected ''' at line 1, column 2 (strings and field names "
                + "take double quotes)");
        cases.put("{\"action\": \"a\",}", "body is not valid JSON: expected a field name in double quotes (a comma before '}'?) "
                + "at line 1, column 16 (at $.action)");
        cases.put("{\"action\" \"a\"}", "body is not valid JSON: expected ':' after a field name at line 1, column 11 (at $.action)");
        cases.put("{\n  \"action\": \"a\"\n  \"demo_id\": \"b\"\n}",
                "body is not valid JSON: expected ',' or '}' after a field's value at line 3, column 3 (at $.action)");
        cases.put("{\"action\": \"a", "body is not valid JSON: a string is not closed with '\"' at line 1, column 14 (at $.action)");
        cases.put("{\"action\": ", "body is not valid JSON: the body ends before the JSON is complete at line 1, column 12 (at $.action)");
        cases.put("{\"n\": 01}", "body is not valid JSON: unexpected '01' at line 1, column 7 (numbers have no leading zeros) (at $.n)");
        cases.put("{} // done", "body is not valid JSON: unexpected '/' at line 1, column 4 (JSON has no comments)");
        cases.put("", "body is empty: send one JSON object");
        cases.put("[{\"action\": \"a\"}]", "body must be a JSON object, not an array (a batch is {\"events\": […]})");
        try (TestRelay relay = start()) {
            for (Map.Entry<String, String> c : cases.entrySet()) {
                TestRelay.Answer a = relay.post(PATH, c.getKey());
                assertEquals(400, a.status(), c.getKey());
                assertEquals("invalid_json", a.json().getAsJsonObject("error").get("code").getAsString());
                assertEquals(c.getValue(), message(a), c.getKey());
                assertFalse(message(a).contains("Strictness") || message(a).contains("LENIENT")
                        || message(a).contains("Troubleshooting"), "no advice about the parser's settings: " + message(a));
            }
            assertEquals(0, relay.storedEvents());
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotStoredWithReplacementCharacters() {
        byte[] start = ("{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"caf").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = {(byte) 0xE9, '"', '}'}; // "café" sent as ISO-8859-1
        byte[] body = new byte[start.length + latin1.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(latin1, 0, body, start.length, latin1.length);
        try (TestRelay relay = start()) {
            TestRelay.Answer a = TestRelay.call(new Request.Builder().url(relay.baseUrl() + PATH)
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build());
            assertEquals(400, a.status(), a.body());
            assertEquals("invalid_utf8", a.json().getAsJsonObject("error").get("code").getAsString());
            assertEquals("body is not valid UTF-8: the byte 0xE9 at offset " + start.length
                    + " does not fit (send text encoded as UTF-8)", message(a));
            assertEquals(0, relay.storedEvents());

            TestRelay.Answer ok = TestRelay.call(new Request.Builder().url(relay.baseUrl() + PATH)
                    .post(RequestBody.create(("{\"event_id\":\"cafe\",\"demo_id\":\"" + ws.demoPageId
                            + "\",\"action\":\"café ☕\"}").getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")))
                    .build());
            assertEquals(202, ok.status(), "well-formed UTF-8 is fine: " + ok.body());
            relay.awaitDelivered("cafe");
        }
        assertEquals("café ☕", DemoWorkspace.text(ws.notion.pagesIn(ws.interactions.dataSourceId()).get(0), "Action"));
    }

    @Test
    void aYearNotionCannotHoldIsRefusedAtIntake() {
        try (TestRelay relay = start()) {
            for (String when : List.of("+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z")) {
                TestRelay.Answer a = relay.post(PATH, "{\"demo_id\":\"" + ws.demoPageId + "\",\"action\":\"viewed\","
                        + "\"occurred_at\":\"" + when + "\"}");
                assertEquals(422, a.status(), a.body());
                assertEquals("occurred_at", a.json().getAsJsonObject("error").get("field").getAsString());
                assertEquals("occurred_at must be a date Notion can hold (years 1 to 9999), got " + when, message(a));
            }
            assertEquals(0, relay.storedEvents());
            assertEquals(List.of(), ws.notion.calls("POST", "/v1/pages"));
        }
    }

    @Test
    void datesReachNotionWithMillisecondsAtMost() {
        try (TestRelay relay = start()) {
            assertEquals(202, relay.post(PATH, "{\"event_id\":\"now\",\"demo_id\":\"" + ws.demoPageId
                    + "\",\"action\":\"viewed\"}").status());
            assertEquals(202, relay.post(PATH, "{\"event_id\":\"nanos\",\"demo_id\":\"" + ws.demoPageId
                    + "\",\"action\":\"viewed\",\"occurred_at\":\"2026-11-22T10:15:00.123456789+01:00\"}").status());
            assertEquals(202, relay.post("/example/property_injections", "{\"event_id\":\"seen\",\"demo_id\":\""
                    + ws.demoPageId + "\",\"action\":\"viewed\",\"occurred_at\":\"2026-11-22T10:15:00.987654Z\"}").status());
            relay.awaitDelivered("now", "nanos", "seen");
        }
        Map<String, String> startByEvent = new LinkedHashMap<>();
        for (RecordedCall c : ws.notion.calls("POST", "/v1/pages")) {
            JsonObject props = JsonParser.parseString(c.body()).getAsJsonObject().getAsJsonObject("properties");
            startByEvent.put(props.getAsJsonObject("Event ID").getAsJsonArray("rich_text").get(0).getAsJsonObject()
                            .getAsJsonObject("text").get("content").getAsString(),
                    props.getAsJsonObject("Occurred at").getAsJsonObject("date").get("start").getAsString());
        }
        assertTrue(startByEvent.get("now").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,3})?)?Z"),
                "an event without occurred_at: " + startByEvent.get("now"));
        assertEquals("2026-11-22T10:15:00.123+01:00", startByEvent.get("nanos"));
        assertEquals("2026-11-22T10:15:00.987Z", startByEvent.get("seen"));
        JsonObject patch = JsonParser.parseString(ws.notion.calls("PATCH", "/v1/pages/").get(0).body()).getAsJsonObject();
        assertEquals("2026-11-22T10:15:00.987Z", patch.getAsJsonObject("properties").getAsJsonObject("Last viewed")
                .getAsJsonObject("date").get("start").getAsString(), "the demo page's date too");
    }
}
