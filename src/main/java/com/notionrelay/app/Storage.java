package com.notionrelay.app;

import com.notionrelay.cache.PageCacheStore;
import com.notionrelay.cache.RelationGraph;
import com.notionrelay.cache.RelationQueries;
import com.notionrelay.cache.SchemaStore;
import com.notionrelay.store.Database;
import com.notionrelay.store.EventStore;
import com.notionrelay.store.GroupCommit;
import com.notionrelay.store.GuestVisitStore;
import com.notionrelay.store.Inbox;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.Migrations;
import com.notionrelay.store.PauseStore;
import com.notionrelay.store.TargetStore;
import com.notionrelay.sync.SyncRunStore;
import com.notionrelay.webhooks.WebhookInbox;
import com.notionrelay.webhooks.WebhookTokenStore;
import java.nio.file.Path;
import java.time.Clock;

/** The SQLite file, migrated, with the stores that own its tables. Shared by every command. */
public final class Storage implements AutoCloseable {

    public final Database db;
    /** The one intake writer: events are committed in groups through it. */
    public final GroupCommit intakeWriter;
    public final JobStore jobs;
    public final Inbox inbox;
    public final TargetStore targets;
    public final PageCacheStore pages;
    public final PauseStore pauses;
    public final SchemaStore schemas;
    public final RelationQueries relations;
    /** One per process: the in-memory read model lookups join over. */
    public final RelationGraph graph;
    public final SyncRunStore syncRuns;
    public final WebhookInbox webhookDeliveries;
    public final WebhookTokenStore webhookTokens;

    private Storage(Database db, GroupCommit.Limits intake, Clock clock) {
        this.db = db;
        this.intakeWriter = new GroupCommit(db, intake);
        this.jobs = new JobStore(db);
        this.inbox = new Inbox(db, intakeWriter, new EventStore(), jobs, new GuestVisitStore(), clock);
        this.targets = new TargetStore(db);
        this.pages = new PageCacheStore(db);
        this.pauses = new PauseStore(db);
        this.schemas = new SchemaStore(db);
        this.graph = new RelationGraph(db);
        this.relations = new RelationQueries(db, graph);
        this.syncRuns = new SyncRunStore(db);
        this.webhookDeliveries = new WebhookInbox(db);
        this.webhookTokens = new WebhookTokenStore(db);
    }

    public static Storage open(Path file, Clock clock) {
        return open(file, GroupCommit.Limits.defaults(), clock);
    }

    /** @param intake how the intake writer groups commits and how long a request waits for one */
    public static Storage open(Path file, GroupCommit.Limits intake, Clock clock) {
        Database db = new Database(file);
        try {
            new Migrations(Migrations.SHIPPED).apply(db);
            return new Storage(db, intake, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public void close() {
        intakeWriter.close();
        db.close();
    }
}
