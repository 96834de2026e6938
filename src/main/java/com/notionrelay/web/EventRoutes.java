package com.notionrelay.web;

import com.google.gson.JsonObject;
import com.notionrelay.store.Inbox;
import spark.Service;

/**
 * GET /api/events/{event_id}: where an accepted event stands. The Notion page id and Notion's
 * error text are for the admin token; the public see the state and the attempts.
 */
public final class EventRoutes implements RouteGroup {

    private static final String PATH = "/api/events/:event_id";

    private final Inbox inbox;
    private final AdminToken admin;
    private final OriginPolicy origins;

    public EventRoutes(Inbox inbox, AdminToken admin, OriginPolicy origins) {
        this.inbox = inbox;
        this.admin = admin;
        this.origins = origins;
    }

    @Override
    public void register(Service http) {
        origins.preflight(http, PATH, "GET");
        http.before(PATH, origins::allowReading);
        http.get(PATH, (req, res) -> {
            String id = req.params("event_id");
            boolean operator = admin.grants(req.headers("Authorization"));
            return inbox.status(id).map(s -> {
                JsonObject o = new JsonObject();
                o.addProperty("event_id", id);
                o.addProperty("status", s.status());
                if (operator && s.notionPageId() != null) {
                    o.addProperty("notion_page_id", s.notionPageId());
                }
                o.addProperty("attempts", s.attempts());
                if (operator && s.lastError() != null) {
                    o.addProperty("last_error", s.lastError());
                }
                res.type("application/json");
                return o.toString();
            }).orElseGet(() -> JsonErrors.answer(res, 404, "not_found", "no event with id " + id, "event_id"));
        });
    }
}
