package com.notionrelay.web;

import com.google.gson.JsonObject;
import com.notionrelay.store.Inbox;
import spark.Service;

/** GET /api/events/{event_id}: where an accepted event stands. */
public final class EventRoutes implements RouteGroup {

    private final Inbox inbox;

    public EventRoutes(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public void register(Service http) {
        http.get("/api/events/:event_id", (req, res) -> {
            String id = req.params("event_id");
            return inbox.status(id).map(s -> {
                JsonObject o = new JsonObject();
                o.addProperty("event_id", id);
                o.addProperty("status", s.status());
                if (s.notionPageId() != null) {
                    o.addProperty("notion_page_id", s.notionPageId());
                }
                o.addProperty("attempts", s.attempts());
                if (s.lastError() != null) {
                    o.addProperty("last_error", s.lastError());
                }
                res.type("application/json");
                return o.toString();
            }).orElseGet(() -> JsonErrors.answer(res, 404, "not_found", "no event with id " + id, "event_id"));
        });
    }
}
