package com.notionrelay.status;

import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.store.Database;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Migrations;
import com.notionrelay.store.PauseStore;
import com.notionrelay.store.StoreException;
import com.notionrelay.sync.SyncRunStore;
import com.notionrelay.webhooks.WebhookControl;
import com.notionrelay.sync.SyncShare;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gathers a {@link StatusReport}; a database that does not answer is reported, not thrown. */
public final class StatusReporter {

    /** How many dead letters a report lists; the rest are counted. */
    public static final int DEAD_LETTERS_SHOWN = 20;

    private final Database db;
    private final JobStore jobs;
    private final PauseStore pauses;
    private final DeliveryState delivery;
    private final SyncRunStore syncRuns;
    private final WebhookControl webhooks;
    private final Optional<SyncShare> syncShare;

    /** @param syncShare sync's share of the Notion rate budget, shown when given */
    public StatusReporter(Database db, JobStore jobs, PauseStore pauses, DeliveryState delivery,
                          SyncRunStore syncRuns, WebhookControl webhooks, Optional<SyncShare> syncShare) {
        this.syncShare = syncShare;
        this.db = db;
        this.jobs = jobs;
        this.pauses = pauses;
        this.delivery = delivery;
        this.syncRuns = syncRuns;
        this.webhooks = webhooks;
    }

    public StatusReport report() {
        DeliveryState.Snapshot d = delivery.snapshot();
        try {
            return new StatusReport(db.isReachable(), Migrations.currentVersion(db), d.running(), d.reason(),
                    jobs.countsByState(), pauses.all(), jobs.deadLetters(DEAD_LETTERS_SHOWN), syncRuns.last(),
                    Optional.of(webhooks.report()), syncShare.map(SyncShare::lastHour));
        } catch (StoreException e) {
            return new StatusReport(false, 0, d.running(), d.reason(), Map.of(), List.of(), List.of(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }
}
