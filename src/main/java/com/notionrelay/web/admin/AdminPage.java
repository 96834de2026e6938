package com.notionrelay.web.admin;

import com.notionrelay.web.AdminGate;
import com.notionrelay.web.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import spark.Response;
import spark.Service;

/**
 * GET /admin: one HTML page with its script and style, served from the jar (no build step, no CDN).
 * It holds no data; everything it shows comes from /admin/api/ with the token the operator types.
 */
public final class AdminPage implements RouteGroup {

    // Only this origin's own files and API: no inline script, no third party, not framed.
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final AdminGate gate;
    private final String html = resource("admin/index.html");
    private final String script = resource("admin/admin.js");
    private final String style = resource("admin/admin.css");

    public AdminPage(AdminGate gate) {
        this.gate = gate;
    }

    @Override
    public void register(Service http) {
        http.get("/admin", gate.enabledOnly((req, res) -> serve(res, "text/html; charset=utf-8", html)));
        http.get("/admin/", gate.enabledOnly((req, res) -> serve(res, "text/html; charset=utf-8", html)));
        http.get("/admin/admin.js", gate.enabledOnly((req, res) -> serve(res, "text/javascript; charset=utf-8", script)));
        http.get("/admin/admin.css", gate.enabledOnly((req, res) -> serve(res, "text/css; charset=utf-8", style)));
    }

    private static String serve(Response res, String type, String body) {
        res.type(type);
        res.header("Content-Security-Policy", POLICY);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("Cache-Control", "no-cache");
        return body;
    }

    private static String resource(String name) {
        try (InputStream in = AdminPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
