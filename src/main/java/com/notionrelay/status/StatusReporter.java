package com.notionrelay.status;

import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.store.Database;
import com.notionrelay.store.JobState;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Migrations;
import com.notionrelay.store.StoreException;
import com.notionrelay.sync.SyncRunStore;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Gathers a {@link StatusReport}; a database that does not answer is reported, not thrown. */
public final class StatusReporter {

    private final Database db;
    private final JobStore jobs;
    private final DeliveryState delivery;
    private final SyncRunStore syncRuns;

    public StatusReporter(Database db, JobStore jobs, DeliveryState delivery, SyncRunStore syncRuns) {
        this.db = db;
        this.jobs = jobs;
        this.delivery = delivery;
        this.syncRuns = syncRuns;
    }

    public StatusReport report() {
        DeliveryState.Snapshot d = delivery.snapshot();
        try {
            return new StatusReport(db.isReachable(), Migrations.currentVersion(db), d.running(), d.reason(),
                    jobs.countsByState(), syncRuns.last());
        } catch (StoreException e) {
            return new StatusReport(false, 0, d.running(), d.reason(), new EnumMap<>(Map.of(JobState.PENDING, 0L)),
                    Optional.empty());
        }
    }
}
