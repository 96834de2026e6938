package com.notionrelay.route;

import com.google.gson.JsonObject;
import com.notionrelay.store.JobKind;
import java.util.Optional;

/** What a route does to the demo page besides the Interactions page; each is its own delivery job. */
public sealed interface Effect permits Effect.None, ChildPageEffect, CalloutEffect, DemoPropertiesEffect {

    /** The delivery job that performs this effect, if there is one. */
    Optional<JobKind> job();

    /**
     * Builds what the job would send, so intake refuses an event Notion would refuse later.
     *
     * @return the request body built (empty when the effect sends nothing)
     */
    JsonObject check(JsonObject context);

    /** Only the Interactions page. */
    record None() implements Effect {
        @Override
        public Optional<JobKind> job() {
            return Optional.empty();
        }

        @Override
        public JsonObject check(JsonObject context) {
            return new JsonObject();
        }
    }
}
