package com.notionrelay.route;

import com.google.gson.JsonObject;
import com.notionrelay.notion.BodySize;
import com.notionrelay.store.JobKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One route module as its file declares it: the intake path, the event fields it checks, the
 * Interactions page it writes, its effect on the demo page and how an automation body's page maps
 * to event fields. {@code file} names where it came from (a path, or a resource for a shipped
 * module). {@code maxBatch} is 0 for one event per request, else the most a batch may hold.
 */
public record RouteModule(
        String name,
        String path,
        String file,
        int maxBatch,
        List<FieldRule> fields,
        InteractionPage interactionPage,
        Effect effect,
        Optional<FirstVisitRule> firstVisit,
        Map<String, Template> automation) {

    public RouteModule {
        fields = List.copyOf(fields);
        automation = new LinkedHashMap<>(automation);
    }

    @Override
    public Map<String, Template> automation() {
        return new LinkedHashMap<>(automation);
    }

    /** Jobs every accepted event of this route gets: the Interactions page, and the effect unless it waits for a first visit. */
    public List<JobKind> jobsForEveryEvent() {
        List<JobKind> jobs = new ArrayList<>(List.of(JobKind.INTERACTION_PAGE));
        if (firstVisit.isEmpty()) {
            effect.job().ifPresent(jobs::add);
        }
        return jobs;
    }

    /** The effect's job when it happens only on a guest's first visit. */
    public Optional<JobKind> firstVisitJob() {
        return firstVisit.isPresent() ? effect.job() : Optional.empty();
    }

    /** Notion refuses a request body over 500 KB; measured as the UTF-8 bytes we would send. */
    public static final int MAX_REQUEST_BYTES = 500_000;

    private static void requireSendable(JsonObject body, String what) {
        // Most bodies are far below the limit: a bound from the parts says so without serialising;
        // only a body whose bound passes the limit is serialised and measured exactly.
        if (BodySize.upperBound(body) <= MAX_REQUEST_BYTES) {
            return;
        }
        int bytes = BodySize.exact(body);
        if (bytes > MAX_REQUEST_BYTES) {
            throw new InvalidValueException("properties", "make the Notion request for " + what + " " + bytes
                    + " bytes; Notion accepts at most " + MAX_REQUEST_BYTES + " (send less custom data)");
        }
    }

    /**
     * Checks an event against the declared fields and builds every body its jobs would send, so
     * whatever Notion would refuse is refused now, before anything is stored.
     *
     * @param context the event as templates read it ({@link EventContext#of})
     * @throws InvalidValueException naming the field
     */
    public void check(JsonObject context) {
        for (FieldRule rule : fields) {
            rule.check(context);
        }
        requireSendable(interactionPage.body(context, "00000000-0000-0000-0000-000000000000"), "its Interactions page");
        requireSendable(effect.check(context), "its effect on the demo page");
        firstVisit.ifPresent(rule -> {
            if (rule.guestKey(context).isEmpty()) {
                throw new InvalidValueException("guest", "is required by route " + name + ": it needs one of "
                        + String.join(", ", rule.fieldNames()) + " to tell a guest's first visit");
            }
        });
    }
}
