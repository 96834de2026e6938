package com.notionrelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.notionrelay.support.Browser;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.HostPage;
import com.notionrelay.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The widget in a real headless Chromium: host pages on their own loopback origins embed it from
 * the relay, and what they send is checked where it lands — in the fake Notion and the inbox.
 */
class WidgetBrowserTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static Browser browser;

    @TempDir
    Path dir;
    private DemoWorkspace ws;
    private HostPage allowedSite;
    private HostPage otherSite;
    private TestRelay relay;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @BeforeEach
    void setUp() {
        browser.driver().manage().logs().get(LogType.BROWSER); // read: an earlier test's messages are gone
        ws = new DemoWorkspace();
        // The sites need the relay's address and the relay needs the allowed site's origin: the
        // page reads the relay's address from its query string.
        allowedSite = new HostPage(hostPage());
        otherSite = new HostPage(hostPage());
        Map<String, String> env = new HashMap<>(ws.relayEnv());
        env.put("RELAY_ALLOWED_ORIGINS", allowedSite.origin());
        relay = TestRelay.start(dir.resolve("relay.db"), env);
        assertTrue(relay.relay().sync().orElseThrow().run(false).ok(), "Demos synced: the demo is a known one");
    }

    @AfterEach
    void tearDown() {
        browser.driver().get("about:blank"); // pagehide before the relay goes
        relay.close();
        allowedSite.close();
        otherSite.close();
        ws.close();
    }

    /** A site's page: the stub snippet, one early call, the one-tag embed (added by script), a button. */
    private static String hostPage() {
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>host</title>
                <script>
                  window.NotionRelay = window.NotionRelay || { q: [],
                    track: function () { this.q.push(['track', arguments]); },
                    identify: function () { this.q.push(['identify', arguments]); } };
                  NotionRelay.track('called before load', {early: 'yes'});
                  var p = new URLSearchParams(location.search), s = document.createElement('script');
                  s.src = p.get('relay') + '/widget.js'; s.async = true; s.setAttribute('data-demo', p.get('demo'));
                  document.head.appendChild(s);
                </script></head>
                <body><button id="pricing" data-relay-action="opened pricing" data-relay-prop-plan="team">Pricing</button>
                <button id="start" data-relay-action="started tour"><span id="inner">Start</span></button></body></html>
                """;
    }

    private String at(HostPage site) {
        return site.url() + "?relay=" + relay.baseUrl() + "&demo=" + ws.demoPageId;
    }

    private List<String> interactionNames() {
        return ws.notion.pagesIn(ws.interactions.dataSourceId()).stream().map(p -> DemoWorkspace.text(p, "Name")).sorted().toList();
    }

    private long queuedInBrowser() {
        Object n = browser.driver().executeScript("try { return JSON.parse(localStorage.getItem(arguments[0]) || '[]').length; }"
                + " catch (e) { return -1; }", "notionRelay:" + relay.baseUrl() + ":queue");
        return ((Number) n).longValue();
    }

    @Test
    void aPageOnAnAllowedOriginSendsItsViewAClickAndIdentifyOncePlusOneWelcome() {
        browser.driver().get(at(allowedSite));
        Eventually.await("the view and the early call in Notion", LIMIT, () -> interactionNames().size() == 2);
        browser.driver().findElement(By.id("inner")).click(); // a click inside the element counts
        browser.driver().executeScript("NotionRelay.identify({name: 'Ada', email: 'ada@example.com'})");
        Eventually.await("the click and identify in Notion, and the welcome", LIMIT,
                () -> interactionNames().size() == 4 && !welcomes().isEmpty());

        assertEquals(List.of("called before load", "identified", "started tour", "viewed"), interactionNames());
        assertEquals(1, welcomes().size());
        assertTrue(welcomes().get(0).contains("Welcome, Ada"), welcomes().toString());
        assertEquals(4, relay.storedEvents(), "each event stored once");
        Map<String, JsonObject> byName = ws.notion.pagesIn(ws.interactions.dataSourceId()).stream()
                .collect(Collectors.toMap(p -> DemoWorkspace.text(p, "Name"), Function.identity()));
        String session = DemoWorkspace.text(byName.get("viewed"), "Session");
        assertFalse(session.isEmpty());
        assertEquals(session, DemoWorkspace.text(byName.get("started tour"), "Session"), "one session per tab");
        assertEquals("ada@example.com", DemoWorkspace.text(byName.get("identified"), "Guest email"));
        assertTrue(DemoWorkspace.text(byName.get("called before load"), "Payload").contains("\"early\":\"yes\""));
        assertEquals(0, queuedInBrowser(), "nothing left waiting");
        assertEquals(List.of(), uncaughtBrowserErrors(), "nothing thrown into the host page");
    }

    @Test
    void aPageOnAnotherOriginStoresNothing() {
        browser.driver().get(at(otherSite));
        List<String> console = new ArrayList<>();
        Eventually.await("the browser refused the relay's answer", LIMIT, () -> {
            browser.driver().manage().logs().get(LogType.BROWSER).forEach(e -> console.add(e.getMessage()));
            return console.stream().anyMatch(m -> m.contains("CORS") || m.contains("403"));
        });
        assertEquals(0, relay.storedEvents(), console.toString());
        assertTrue(ws.notion.pagesIn(ws.interactions.dataSourceId()).isEmpty());
    }

    @Test
    void eventsMadeOfflineWaitInTheBrowserAndArriveExactlyOnceBackOnline() {
        browser.driver().get(at(allowedSite));
        Eventually.await("the view and the early call stored", LIMIT, () -> relay.storedEvents() == 2);
        Eventually.await("and their answers read", LIMIT, () -> queuedInBrowser() == 0);
        browser.offline(true);
        try {
            browser.driver().findElement(By.id("pricing")).click();
            browser.driver().findElement(By.id("start")).click();
            Eventually.await("two events queued in localStorage", LIMIT, () -> queuedInBrowser() == 2);
            assertEquals(2, relay.storedEvents(), "nothing reached the relay while offline");
        } finally {
            browser.offline(false);
        }
        Eventually.await("the queue resent", LIMIT, () -> queuedInBrowser() == 0 && interactionNames().size() == 4);
        assertEquals(4, relay.storedEvents());
        assertEquals(List.of("called before load", "opened pricing", "started tour", "viewed"), interactionNames());
    }

    @Test
    void theOfflineQueueKeepsTheNewestHundred() {
        browser.driver().get(at(allowedSite));
        Eventually.await("the view and the early call sent", LIMIT, () -> relay.storedEvents() == 2 && queuedInBrowser() == 0);
        browser.offline(true);
        try {
            browser.driver().executeScript("for (var i = 0; i < 120; i++) NotionRelay.track('offline ' + i);");
            Eventually.await("the queue at its bound", LIMIT, () -> queuedInBrowser() == 100);
            Object oldest = browser.driver().executeScript("return JSON.parse(localStorage.getItem(arguments[0]))[0].b.action;",
                    "notionRelay:" + relay.baseUrl() + ":queue");
            assertEquals("offline 20", oldest, "the oldest went first");
            assertEquals(2, relay.storedEvents());
            assertEquals(List.of(), uncaughtBrowserErrors());
        } finally {
            browser.driver().executeScript("localStorage.clear()"); // not resent after this test
            browser.offline(false);
        }
    }

    @Test
    void theDemoPageShowsClicksArriveInItsLog() throws IOException {
        browser.driver().get(relay.baseUrl() + "/demo?demo=" + ws.demoPageId);
        browser.driver().findElement(By.id("start")).click();
        browser.driver().findElement(By.id("guest-name")).sendKeys("Grace");
        browser.driver().findElement(By.id("guest-email")).sendKeys("grace@example.com");
        browser.driver().findElement(By.id("identify-submit")).click();
        try {
            Eventually.await("three rows in the live log", LIMIT,
                    () -> browser.driver().findElements(By.cssSelector("#log tr.interaction")).size() == 3);
            String log = browser.driver().findElement(By.id("log")).getText();
            assertTrue(log.contains("started tour") && log.contains("identified") && log.contains("viewed"), log);
            assertFalse(log.contains("grace@example.com"), "the log shows public properties only");
        } finally {
            Path shot = browser.screenshot("demo-page");
            assertTrue(Files.size(shot) > 0);
        }
        assertEquals(3, relay.storedEvents());
    }

    @Test
    void theWidgetIsSmallCacheableJavaScriptAndTheDemoPageMayBeFramedByNotion() throws IOException {
        OkHttpClient http = new OkHttpClient();
        Request gz = new Request.Builder().url(relay.baseUrl() + "/widget.js").header("Accept-Encoding", "gzip").build();
        String etag;
        try (Response r = http.newCall(gz).execute()) {
            assertEquals(200, r.code());
            assertTrue(r.header("Content-Type").startsWith("text/javascript"), r.header("Content-Type"));
            assertEquals("gzip", r.header("Content-Encoding"));
            assertTrue(r.header("Cache-Control").contains("max-age=300"), r.header("Cache-Control"));
            etag = r.header("ETag");
            byte[] onTheWire = r.body().bytes();
            assertTrue(onTheWire.length <= 5 * 1024, "served gzipped: " + onTheWire.length + " bytes");
        }
        byte[] plain;
        try (Response r = http.newCall(new Request.Builder().url(relay.baseUrl() + "/widget.js").build()).execute()) {
            plain = r.body().bytes(); // OkHttp asked for gzip itself and unpacked it
        }
        assertTrue(gzipped(plain) <= 5 * 1024, "at most 5 KB gzipped, whatever the server's settings: " + gzipped(plain));
        try (Response r = http.newCall(new Request.Builder().url(relay.baseUrl() + "/widget.js")
                .header("If-None-Match", etag).build()).execute()) {
            assertEquals(304, r.code());
        }

        try (Response r = http.newCall(new Request.Builder().url(relay.baseUrl() + "/demo?demo=" + ws.demoPageId).build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("frame-ancestors 'self' https://*.notion.so https://*.notion.site", r.header("Content-Security-Policy"));
            assertNull(r.header("X-Frame-Options"));
            assertTrue(r.body().string().contains("data-demo=\"" + ws.demoPageId + "\""));
        }
        try (Response r = http.newCall(new Request.Builder().url(relay.baseUrl() + "/demo?demo=nope").build()).execute()) {
            assertEquals(422, r.code());
        }
    }

    private List<String> welcomes() {
        return ws.notion.children(ws.demoPageId).stream().filter(b -> b.get("type").getAsString().equals("callout"))
                .map(JsonObject::toString).toList();
    }

    /** Exceptions the page did not catch (a missing favicon is logged too, and is not one). */
    private static List<String> uncaughtBrowserErrors() {
        return browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Uncaught")).toList();
    }

    private static int gzipped(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }
}
