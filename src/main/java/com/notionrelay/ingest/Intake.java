package com.notionrelay.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.notionrelay.event.InteractionEvent;
import com.notionrelay.route.EventContext;
import com.notionrelay.route.InvalidValueException;
import com.notionrelay.route.RouteModule;
import com.notionrelay.store.EventPlan;
import com.notionrelay.store.Inbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Intake of one route module, apart from HTTP: read a body (a native event, a batch of them, or an
 * automation body), validate every event against the module and the known demos, then commit them
 * with their delivery jobs. Notion is never called here. Refusals are {@link InvalidEventException}s.
 */
public final class Intake {

    /** Validated events, not stored yet: the caller may still refuse them (a rate limit, say). */
    public record Checked(List<EventPlan> plans, boolean batch) {
        public Checked {
            plans = List.copyOf(plans);
        }
    }

    /** What to answer once stored: 202 when anything was queued, else 200 (all duplicates); how many were queued. */
    public record Answer(int status, JsonObject body, long queued) {
    }

    private final RouteModule module;
    private final EventParser parser;
    private final AutomationKey automationKey;
    private final KnownDemos demos;
    private final Inbox inbox;
    private final Runnable onQueued;
    private final IntakeGate gate;

    public Intake(RouteModule module, EventParser parser, AutomationKey automationKey, KnownDemos demos, Inbox inbox,
                  Runnable onQueued, IntakeGate gate) {
        this.module = module;
        this.parser = parser;
        this.automationKey = automationKey;
        this.demos = demos;
        this.inbox = inbox;
        this.onQueued = onQueued;
        this.gate = gate;
    }

    public RouteModule module() {
        return module;
    }

    /** @param apiKey the {@code X-API-Key} header (may be null), checked only for an automation body */
    public Checked check(byte[] raw, String apiKey) {
        gate.check();
        JsonObject body = JsonBody.parseObject(raw);
        if (AutomationBody.isAutomation(body)) {
            automationKey.check(apiKey);
            return new Checked(List.of(plan(AutomationBody.toNative(body, module.automation()))), false);
        }
        if (module.maxBatch() > 0) {
            return new Checked(batchPlans(body), true);
        }
        return new Checked(List.of(plan(body)), false);
    }

    /**
     * Commits checked events (all or nothing) without waiting: the answer completes once they are
     * committed, or fails with the store's error (nothing stored). A refusal found before queueing
     * (the relay shutting down, the writer's queue full) is thrown at once.
     */
    public CompletableFuture<Answer> store(Checked checked) {
        gate.check();
        return inbox.acceptAll(checked.plans()).thenApply(outcomes -> answer(checked, outcomes));
    }

    private Answer answer(Checked checked, List<Inbox.Outcome> outcomes) {
        List<EventPlan> plans = checked.plans();
        long queued = outcomes.stream().filter(o -> o == Inbox.Outcome.QUEUED).count();
        boolean anyQueued = queued > 0;
        if (anyQueued) {
            onQueued.run();
        }
        int status = anyQueued ? 202 : 200;
        if (!checked.batch()) {
            return new Answer(status, answer(plans.get(0), outcomes.get(0)), queued);
        }
        JsonArray events = new JsonArray();
        for (int i = 0; i < plans.size(); i++) {
            events.add(answer(plans.get(i), outcomes.get(i)));
        }
        JsonObject answer = new JsonObject();
        answer.add("events", events);
        answer.addProperty("queued", queued);
        answer.addProperty("duplicate", outcomes.stream().filter(o -> o == Inbox.Outcome.DUPLICATE).count());
        return new Answer(status, answer, queued);
    }

    /** {@code {"events": [...]}}: every item is checked before any is stored, so the batch is all or nothing. */
    private List<EventPlan> batchPlans(JsonObject body) {
        for (String key : body.keySet()) {
            if (!key.equals("events")) {
                throw InvalidEventException.field(key, "is not a known field; a batch is {\"events\": [event, …]}");
            }
        }
        JsonElement items = body.get("events");
        if (items == null || !items.isJsonArray() || items.getAsJsonArray().isEmpty()) {
            throw InvalidEventException.field("events", "must be a non-empty list of events");
        }
        JsonArray list = items.getAsJsonArray();
        if (list.size() > module.maxBatch()) {
            throw InvalidEventException.field("events", "may hold at most " + module.maxBatch() + " events (got " + list.size() + ")");
        }
        List<EventPlan> plans = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "events[" + i + "]";
            if (!list.get(i).isJsonObject()) {
                throw InvalidEventException.field(at, "must be an event object");
            }
            try {
                plans.add(plan(list.get(i).getAsJsonObject()));
            } catch (InvalidEventException e) {
                throw new InvalidEventException(e.status(), e.code(), e.field() == null ? at : at + "." + e.field(),
                        at + ": " + e.getMessage());
            }
        }
        return plans;
    }

    /** Validates one native event against the parser, the known demos and the module, and says which jobs it gets. */
    private EventPlan plan(JsonObject nativeEvent) {
        InteractionEvent event = parser.parse(nativeEvent, module.name());
        demos.require(event.demoId());
        JsonObject context = EventContext.of(event);
        try {
            module.check(context);
        } catch (InvalidValueException e) {
            throw new InvalidEventException(422, "invalid_field", e.field(), e.getMessage());
        }
        Optional<EventPlan.FirstVisit> firstVisit = module.firstVisitJob().map(job ->
                new EventPlan.FirstVisit(module.firstVisit().orElseThrow().guestKey(context).orElseThrow(), job));
        return new EventPlan(event, module.jobsForEveryEvent(), firstVisit);
    }

    private static JsonObject answer(EventPlan plan, Inbox.Outcome outcome) {
        JsonObject answer = new JsonObject();
        answer.addProperty("event_id", plan.event().eventId());
        answer.addProperty("status", outcome == Inbox.Outcome.QUEUED ? "queued" : "duplicate");
        return answer;
    }
}
