package com.notionrelay.web;

import com.notionrelay.notion.NotionId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * GET /widget.js (the embeddable widget) and GET /demo?demo=ID (a sample demo page that embeds it
 * and shows the demo's interaction log). Both are read from the jar once, at start-up.
 */
public final class WidgetRoutes implements RouteGroup {

    /** Notion's embed block frames pages from these; {@code relay.frame_ancestors} adds more. */
    static final String FRAME_ANCESTORS = "'self' https://*.notion.so https://*.notion.site";

    private final byte[] widget;
    private final String widgetTag;
    private final String demoPage;
    private final String contentSecurityPolicy;

    public WidgetRoutes(List<String> extraFrameAncestors) {
        this.widget = resource("/web/widget.js");
        this.widgetTag = "\"" + contentHash(widget) + "\"";
        this.demoPage = new String(resource("/web/demo.html"), StandardCharsets.UTF_8);
        String extra = String.join(" ", extraFrameAncestors);
        this.contentSecurityPolicy = "frame-ancestors " + FRAME_ANCESTORS + (extra.isEmpty() ? "" : " " + extra);
    }

    @Override
    public void register(Service http) {
        http.get("/widget.js", this::widget);
        http.get("/demo", this::demo);
    }

    private Object widget(Request req, Response res) {
        res.type("text/javascript; charset=utf-8");
        // Five minutes: a fixed widget reaches every host page soon; the ETag makes the re-check cheap.
        res.header("Cache-Control", "public, max-age=300");
        res.header("ETag", widgetTag);
        res.header("X-Content-Type-Options", "nosniff");
        if (widgetTag.equals(req.headers("If-None-Match"))) {
            res.status(304);
            return "";
        }
        if (Optional.ofNullable(req.headers("Accept-Encoding")).orElse("").contains("gzip")) {
            res.header("Content-Encoding", "gzip"); // Spark compresses the body when this header is set
        }
        return widget;
    }

    private Object demo(Request req, Response res) {
        String raw = req.queryParams("demo");
        Optional<NotionId> id = Optional.ofNullable(raw).flatMap(NotionId::parse);
        if (id.isEmpty()) {
            return JsonErrors.answer(res, 422, "invalid_field", "demo must be a Notion page id (32 hexadecimal digits, "
                    + "dashed or not): /demo?demo=DEMO_PAGE_ID" + (raw == null ? "" : ", got '" + raw + "'"), "demo");
        }
        res.type("text/html; charset=utf-8");
        // Framed by Notion's embed block; never X-Frame-Options, which cannot name Notion.
        res.header("Content-Security-Policy", contentSecurityPolicy);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        return demoPage.replace("{{demo}}", id.get().value());
    }

    private static byte[] resource(String name) {
        try (InputStream in = WidgetRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tells one build of the widget from another (an ETag, not a security check). */
    private static String contentHash(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }
}
