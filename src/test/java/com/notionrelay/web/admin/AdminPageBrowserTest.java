package com.notionrelay.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.notionrelay.fake.Fault;
import com.notionrelay.support.Browser;
import com.notionrelay.support.DemoWorkspace;
import com.notionrelay.support.Eventually;
import com.notionrelay.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin page in headless Chromium: token typed once, a dead letter shown and replayed, no console errors. */
class AdminPageBrowserTest {

    private static final String ADMIN = "browser-admin-token";

    @TempDir
    Path dir;

    @Test
    void showsADeadLetterAndReplaysItWithoutConsoleErrors() throws Exception {
        try (DemoWorkspace ws = new DemoWorkspace()) {
            Map<String, String> env = new HashMap<>(ws.relayEnv());
            env.put("RELAY_ADMIN_TOKEN", ADMIN);
            try (TestRelay relay = TestRelay.start(dir.resolve("relay.db"), env); Browser browser = Browser.start()) {
                ws.notion.enqueueFault(Fault.status(400, "validation_error", null).on("POST", "/v1/pages"));
                assertEquals(202, relay.post("/example/database/page", event("dead-in-browser", ws.demoPageId)).status());
                Eventually.await("dead", Duration.ofSeconds(10), () -> status(relay, "dead-in-browser").equals("dead"));
                for (int i = 1; i <= 4; i++) {
                    assertEquals(202, relay.post("/example/database/page", event("seen-" + i, ws.demoPageId)).status());
                }
                Eventually.await("delivered", Duration.ofSeconds(10), () -> status(relay, "seen-4").equals("delivered"));

                assertTrue(relay.relay().sync().orElseThrow().run(false).ok());

                ChromeDriver page = browser.driver();
                page.get(relay.baseUrl() + "/admin");
                page.findElement(By.id("token")).sendKeys(ADMIN);
                page.findElement(By.cssSelector("#login button[type=submit]")).click();
                Eventually.await("the dead letter on the page", Duration.ofSeconds(15),
                        () -> page.findElement(By.id("dead")).getText().contains("dead-in-browser"));
                Eventually.await("the recent events", Duration.ofSeconds(15),
                        () -> page.findElement(By.id("events")).getText().contains("seen-4"));
                WebElement deadRow = page.findElement(By.cssSelector("#dead tr"));
                assertTrue(deadRow.getText().contains("validation_error"), deadRow.getText());
                assertEquals(2, page.findElements(By.cssSelector("#chart svg polyline")).size());
                assertEquals("running", page.findElement(By.id("delivery-state")).getText());
                assertEquals(ADMIN, page.executeScript("return sessionStorage.getItem('notion-relay-admin-token')"));
                // the whole page in one picture (the README shows it)
                long height = (Long) page.executeScript("return document.documentElement.scrollHeight");
                browser.cdp("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", (int) height,
                        "deviceScaleFactor", 1, "mobile", false));
                Path shot = browser.screenshot("admin-page");
                assertTrue(Files.size(shot) > 0);

                deadRow.findElement(By.tagName("button")).click();
                Eventually.await("delivered after replay from the page", Duration.ofSeconds(15),
                        () -> status(relay, "dead-in-browser").equals("delivered"));
                Eventually.await("the page shows no dead letter", Duration.ofSeconds(15),
                        () -> page.findElement(By.id("dead")).getText().contains("No dead letters."));

                List<LogEntry> errors = page.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
                assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "console errors");
            }
        }
    }

    private static String event(String id, String demo) {
        return "{\"event_id\":\"" + id + "\",\"demo_id\":\"" + demo + "\",\"action\":\"clicked\"}";
    }

    private static String status(TestRelay relay, String id) {
        return relay.get("/api/events/" + id).json().get("status").getAsString();
    }
}
