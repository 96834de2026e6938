package com.notionrelay.support;

import com.notionrelay.event.InteractionEvent;
import com.notionrelay.store.EventPlan;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.JobKind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A test's caller of the inbox that waits for the commit, and throws the store's error itself as intake's would answer it. */
public final class Accepting {

    private Accepting() {
    }

    public static List<Inbox.Outcome> acceptAll(Inbox inbox, List<EventPlan> plans) {
        try {
            return inbox.acceptAll(plans).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("the store failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("not answered within 60 s", e);
        }
    }

    public static Inbox.Outcome accept(Inbox inbox, EventPlan plan) {
        return acceptAll(inbox, List.of(plan)).get(0);
    }

    public static Inbox.Outcome accept(Inbox inbox, InteractionEvent event, List<JobKind> effects) {
        return accept(inbox, new EventPlan(event, effects, Optional.empty()));
    }
}
