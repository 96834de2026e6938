package com.notionrelay.app;

import com.notionrelay.config.Settings;
import com.notionrelay.delivery.DeliveryPolicy;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.delivery.Dispatcher;
import com.notionrelay.delivery.CalloutHandler;
import com.notionrelay.delivery.ChildPageHandler;
import com.notionrelay.delivery.DemoPageChildren;
import com.notionrelay.delivery.DemoPropertiesHandler;
import com.notionrelay.delivery.InteractionPageHandler;
import com.notionrelay.delivery.JobHandler;
import com.notionrelay.ingest.AutomationKey;
import com.notionrelay.ingest.EventParser;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.ingest.IntakeRoutes;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.PageLinks;
import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionId;
import com.notionrelay.notion.OkHttpNotionClient;
import com.notionrelay.notion.TokenBucketBudget;
import com.notionrelay.route.RouteFiles;
import com.notionrelay.route.RouteModule;
import com.notionrelay.route.Routes;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.Lease;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncShare;
import com.notionrelay.sync.SyncPolicy;
import com.notionrelay.sync.SyncScheduler;
import com.notionrelay.web.EventRoutes;
import com.notionrelay.web.HealthRoutes;
import com.notionrelay.web.HttpServer;
import com.notionrelay.web.LookupRoutes;
import com.notionrelay.web.RouteGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: storage, delivery and HTTP wired together from {@link Settings}. */
public final class Relay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final Storage storage;
    private final Optional<Dispatcher> dispatcher;
    private final HttpServer http;
    private final IntakeGate gate;
    private final Duration shutdownGrace;
    private final Optional<SyncJob> sync;
    private final Optional<SyncScheduler> syncSchedule;

    private Relay(Storage storage, Optional<Dispatcher> dispatcher, HttpServer http, IntakeGate gate,
                  Duration shutdownGrace, Optional<SyncJob> sync, Optional<SyncScheduler> syncSchedule) {
        this.storage = storage;
        this.dispatcher = dispatcher;
        this.http = http;
        this.gate = gate;
        this.shutdownGrace = shutdownGrace;
        this.sync = sync;
        this.syncSchedule = syncSchedule;
    }

    public static Relay start(Settings settings, Clock clock) {
        log.info("starting with {}", settings);
        // Read before anything opens, so a broken route file stops start-up with nothing half-running.
        Routes modules = RouteFiles.load(settings.routesDir());
        Storage storage = Storage.open(settings.databaseFile(), clock);
        try {
            DeliveryState state = new DeliveryState();
            // One client, so delivery, sync and webhook refreshes all spend one rate budget.
            Optional<NotionApi> notion = notionClient(settings, clock);
            Optional<Dispatcher> dispatcher = dispatcher(settings, notion, storage, state, clock, modules);
            Runnable wake = dispatcher.<Runnable>map(d -> d::wake).orElse(() -> { });

            EventParser parser = new EventParser(clock);
            IntakeGate gate = new IntakeGate();
            AutomationKey automationKey = new AutomationKey(settings.webhookSecret());
            List<RouteGroup> routes = new ArrayList<>();
            for (RouteModule module : modules.all()) {
                routes.add(new IntakeRoutes(module, parser, automationKey, storage.inbox, wake, gate));
                log.info("route module {} on POST {} ({})", module.name(), module.path(), module.file());
            }
            routes.add(new EventRoutes(storage.inbox));
            routes.add(new HealthRoutes(new StatusReporter(storage.db, storage.jobs, storage.pauses, state,
                    storage.syncRuns, Optional.of(new SyncShare(storage.syncRuns, settings.notionRateLimit(), clock)))));
            PageLinks links = new PageLinks(storage.relations, storage.graph, storage.schemas, storage.syncRuns);
            routes.add(new LookupRoutes(new DemoInteractions(storage.relations, links),
                    new FormulaLookup(storage.graph, links)));
            HttpServer http = new HttpServer(settings.port(), routes);

            storage.graph.warmUp(); // lookups find the relation graph loaded, not load it themselves
            dispatcher.ifPresent(Dispatcher::start);
            Optional<SyncJob> sync = syncJob(settings, notion, storage, clock);
            Optional<SyncScheduler> schedule = sync.filter(j -> !settings.syncInterval().isZero())
                    .map(j -> new SyncScheduler(j, settings.syncInterval()));
            schedule.ifPresent(SyncScheduler::start);
            log.info("listening on port {}", http.port());
            return new Relay(storage, dispatcher, http, gate, settings.shutdownGrace(), sync, schedule);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The Notion client, when a token is set. */
    public static Optional<NotionApi> notionClient(Settings s, Clock clock) {
        return s.notionToken().map(token -> new OkHttpNotionClient(s.notionBaseUrl(), token, s.notionVersion(),
                s.notionConnectTimeout(), s.notionReadTimeout(), new TokenBucketBudget(s.notionRateLimit(), clock), clock));
    }

    /**
     * The sync job over Demos, Interactions and {@code relay.sync_sources}, when there is a client
     * and at least one source. It takes the one client, so it spends delivery's rate budget.
     */
    public static Optional<SyncJob> syncJob(Settings s, Optional<NotionApi> client, Storage storage, Clock clock) {
        List<NotionId> sources = new ArrayList<>();
        s.demosDb().ifPresent(sources::add);
        s.interactionsDb().ifPresent(sources::add);
        sources.addAll(s.syncSources());
        if (client.isEmpty() || sources.isEmpty()) {
            log.info("sync off: {}", client.isEmpty() ? "NOTION_TOKEN is not set" : "no data source to sync is set");
            return Optional.empty();
        }
        return Optional.of(new SyncJob(client.get(), storage.targets, sources,
                storage.db, storage.pages, storage.schemas, storage.syncRuns, SyncPolicy.defaults(), clock));
    }

    /** Delivery needs a token and an Interactions target; without them events still queue. */
    private static Optional<Dispatcher> dispatcher(Settings s, Optional<NotionApi> client, Storage storage,
                                                   DeliveryState state, Clock clock, Routes modules) {
        Optional<String> missing = pauseReason(s);
        if (missing.isPresent() || client.isEmpty()) {
            state.paused(missing.orElse("no Notion client"));
            log.warn("delivery paused: {}", missing.orElse("no Notion client"));
            return Optional.empty();
        }
        NotionApi notion = client.get();
        DataSourceResolver resolver = new DataSourceResolver(notion, storage.targets);
        DemoPageChildren demoChildren = new DemoPageChildren(notion, storage.jobs::isRecorded);
        Map<JobKind, JobHandler> handlers = Map.of(
                JobKind.INTERACTION_PAGE, new InteractionPageHandler(notion, resolver, s.interactionsDb().orElseThrow(),
                        storage.pages, modules),
                JobKind.CHILD_PAGE, new ChildPageHandler(notion, modules, demoChildren),
                JobKind.CALLOUT, new CalloutHandler(notion, modules, demoChildren),
                JobKind.DEMO_PROPERTIES, new DemoPropertiesHandler(notion, modules, storage.pages));
        return Optional.of(new Dispatcher(storage.jobs, storage.pauses, storage.inbox, handlers,
                DeliveryPolicy.of(s.retryBaseDelay(), s.maxAttempts(), s.maxAge(), s.operatorProbeInterval()), clock,
                s.deliveryWorkers(), deliveryLease(storage, clock), state));
    }

    /** Held by the one process that delivers from a file; {@code status} reads it to tell whether one does. */
    public static Lease deliveryLease(Storage storage, Clock clock) {
        return new Lease(storage.db, clock, "delivery");
    }

    /** Why delivery cannot run with these settings, if it cannot. */
    public static Optional<String> pauseReason(Settings s) {
        if (s.notionToken().isEmpty()) {
            return Optional.of("NOTION_TOKEN is not set: events are accepted and queued, and delivered once a token "
                    + "is set and the relay restarted");
        }
        if (s.interactionsDb().isEmpty()) {
            return Optional.of("NOTION_INTERACTIONS_DB is not set: events are accepted and queued until it is set "
                    + "and the relay restarted");
        }
        return Optional.empty();
    }

    public int port() {
        return http.port();
    }

    public Storage storage() {
        return storage;
    }

    /** The sync job this relay schedules (the same one a test or an admin action may run now). */
    public Optional<SyncJob> sync() {
        return sync;
    }

    /**
     * Graceful stop: intake answers 503 at once, the sync schedule stops, Notion calls in flight get
     * {@code shutdownGrace} to finish, and whatever is left stays in the store to resume on the next start.
     */
    @Override
    public void close() {
        gate.close();
        syncSchedule.ifPresent(SyncScheduler::close);
        dispatcher.ifPresent(d -> d.stop(shutdownGrace));
        http.close();
        storage.close();
        log.info("stopped");
    }
}
