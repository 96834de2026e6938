package com.notionrelay.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.notionrelay.store.Inbox;
import java.util.List;
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

    /** Each effect, and which event's request carried it when coalesced with others (for the operator). */
    private static JsonArray jobs(List<Inbox.JobStatus> jobs) {
        JsonArray out = new JsonArray();
        for (Inbox.JobStatus j : jobs) {
            JsonObject o = new JsonObject();
            o.addProperty("kind", j.kind().dbName());
            o.addProperty("state", j.state().dbName());
            j.carriedByEvent().ifPresent(e -> o.addProperty("carried_by_event", e));
            out.add(o);
        }
        return out;
    }

    @Override
    public void register(Service http) {
        origins.preflight(http, PATH, "GET");
        http.get(PATH, origins.readable((req, res) -> {
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
                if (operator) {
                    o.add("jobs", jobs(s.jobs()));
                }
                return JsonResponses.send(res, 200, o.toString());
            }).orElseGet(() -> JsonErrors.answer(res, 404, "not_found", "no event with id " + id, "event_id"));
        }));
    }
}
