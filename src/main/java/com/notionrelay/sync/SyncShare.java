package com.notionrelay.sync;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Sync's share of the Notion rate budget it shares with delivery, over the last hour: the
 * requests its runs made against what the budget allows in that time. What {@code status} and
 * /health show, so an operator sees whether sync crowds out delivery.
 */
public final class SyncShare {

    static final Duration WINDOW = Duration.ofHours(1);

    /** Requests sync runs made in {@code window}, and what {@code ratePerSecond} allows in it. */
    public record Figures(long requests, long allowed, Duration window) {

        public double percent() {
            return allowed == 0 ? 0 : 100.0 * requests / allowed;
        }

        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("window_seconds", window.toSeconds());
            o.addProperty("notion_requests", requests);
            o.addProperty("budget_requests", allowed);
            o.addProperty("percent", Math.round(percent() * 10) / 10.0);
            return o;
        }

        public String toText() {
            return String.format(Locale.ROOT, "%,d Notion requests in the last %d min, %.1f %% of the %,d the rate budget allows",
                    requests, window.toMinutes(), percent(), allowed);
        }
    }

    private final SyncRunStore runs;
    private final double ratePerSecond;
    private final Clock clock;

    public SyncShare(SyncRunStore runs, double ratePerSecond, Clock clock) {
        this.runs = runs;
        this.ratePerSecond = ratePerSecond;
        this.clock = clock;
    }

    public Figures lastHour() {
        return new Figures(runs.requestsSince(clock.instant().minus(WINDOW)),
                Math.round(ratePerSecond * WINDOW.toSeconds()), WINDOW);
    }
}
