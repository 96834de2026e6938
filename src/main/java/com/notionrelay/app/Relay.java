package com.notionrelay.app;

import com.notionrelay.config.Settings;
import com.notionrelay.config.SettingsLoader;
import com.notionrelay.delivery.DeliveryPolicy;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.delivery.Dispatcher;
import com.notionrelay.delivery.CalloutHandler;
import com.notionrelay.delivery.ChildPageHandler;
import com.notionrelay.delivery.DemoPageChildren;
import com.notionrelay.delivery.DemoPropertiesHandler;
import com.notionrelay.delivery.InteractionPageHandler;
import com.notionrelay.delivery.JobHandler;
import com.notionrelay.delivery.TargetProbe;
import com.notionrelay.ingest.AutomationKey;
import com.notionrelay.ingest.EventParser;
import com.notionrelay.ingest.Intake;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.ingest.KnownDemos;
import com.notionrelay.lookup.DemoInteractions;
import com.notionrelay.lookup.FormulaLookup;
import com.notionrelay.lookup.PageLinks;
import com.notionrelay.metrics.RelayMetrics;
import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionId;
import com.notionrelay.notion.OkHttpNotionClient;
import com.notionrelay.notion.TokenBucketBudget;
import com.notionrelay.route.RouteFiles;
import com.notionrelay.route.RouteModule;
import com.notionrelay.route.Routes;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.store.DeliveryLog;
import com.notionrelay.store.EventListing;
import com.notionrelay.store.GroupCommit;
import com.notionrelay.store.JobKind;
import com.notionrelay.store.Lease;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncShare;
import com.notionrelay.sync.SyncPolicy;
import com.notionrelay.sync.SyncScheduler;
import com.notionrelay.sync.PageReader;
import com.notionrelay.sync.SyncStateStore;
import com.notionrelay.web.AdminGate;
import com.notionrelay.web.AdminToken;
import com.notionrelay.web.ClientAddress;
import com.notionrelay.web.EventRoutes;
import com.notionrelay.web.HealthRoutes;
import com.notionrelay.web.HttpServer;
import com.notionrelay.web.IntakeCounting;
import com.notionrelay.web.IntakeLimiter;
import com.notionrelay.web.IntakeRoutes;
import com.notionrelay.web.LookupRoutes;
import com.notionrelay.web.MetricsRoutes;
import com.notionrelay.web.OriginPolicy;
import com.notionrelay.web.RouteGroup;
import com.notionrelay.web.WebhookRoutes;
import com.notionrelay.web.WidgetRoutes;
import com.notionrelay.web.WrongTokenThrottle;
import com.notionrelay.web.admin.AdminApi;
import com.notionrelay.web.admin.AdminPage;
import com.notionrelay.web.admin.QueueActions;
import com.notionrelay.web.admin.StoredWebhookToken;
import com.notionrelay.webhooks.WebhookControl;
import com.notionrelay.webhooks.WebhookProcessor;
import com.notionrelay.webhooks.WebhookTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Interceptor;
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
    private final WebhookProcessor webhookProcessor;
    private final WebhookControl webhooks;
    private final RelayMetrics metrics;

    private Relay(Storage storage, Optional<Dispatcher> dispatcher, HttpServer http, IntakeGate gate,
                  Duration shutdownGrace, Optional<SyncJob> sync, Optional<SyncScheduler> syncSchedule,
                  WebhookProcessor webhookProcessor, WebhookControl webhooks, RelayMetrics metrics) {
        this.metrics = metrics;
        this.storage = storage;
        this.dispatcher = dispatcher;
        this.http = http;
        this.gate = gate;
        this.shutdownGrace = shutdownGrace;
        this.sync = sync;
        this.syncSchedule = syncSchedule;
        this.webhookProcessor = webhookProcessor;
        this.webhooks = webhooks;
    }

    public static Relay start(Settings settings, Clock clock) {
        log.info("starting with {}", settings);
        // Read before anything opens, so a broken route file stops start-up with nothing half-running.
        Routes modules = routes(settings);
        Storage storage = Storage.open(settings.databaseFile(), intakeLimits(settings), clock);
        RelayMetrics metrics = new RelayMetrics(clock, storage.jobs, new DeliveryLog(storage.db), storage.syncRuns);
        try {
            DeliveryState state = new DeliveryState();
            // One client, so delivery, sync and webhook refreshes all spend one rate budget.
            Optional<NotionApi> notion = notionClient(settings, clock, metrics.notionRequests());
            Optional<Dispatcher> dispatcher = dispatcher(settings, notion, storage, state, clock, modules);
            Runnable wake = dispatcher.<Runnable>map(d -> d::wake).orElse(() -> { });

            EventParser parser = new EventParser(clock);
            IntakeGate gate = new IntakeGate();
            AutomationKey automationKey = new AutomationKey(settings.webhookSecret());
            KnownDemos demos = knownDemos(settings, storage);
            AdminToken admin = new AdminToken(settings.adminToken());
            OriginPolicy origins = new OriginPolicy(settings.allowedOrigins());
            ClientAddress clients = new ClientAddress(settings.trustedProxies());
            // One limiter for every intake module (a client's rate is its own, whatever the path), and
            // only for them: Notion's webhook deliveries are never rate-limited here.
            IntakeLimiter limiter = new IntakeLimiter(settings.intakeRate(), settings.intakeBurst());
            List<IntakeRoutes> intakes = new ArrayList<>();
            for (RouteModule module : modules.all()) {
                intakes.add(new IntakeRoutes(new Intake(module, parser, automationKey, demos, storage.inbox, wake, gate),
                        origins, clients, limiter));
                log.info("route module {} on POST {} ({})", module.name(), module.path(), module.file());
            }
            List<RouteGroup> routes = new ArrayList<>();
            routes.add(new EventRoutes(storage.inbox, admin, origins));
            Optional<SyncJob> sync = syncJob(settings, notion, storage, clock);
            WebhookTokens webhookTokens = webhookTokens(settings, storage, clock);
            WebhookControl webhooks = new WebhookControl(webhookTokens, storage.webhookDeliveries, clock);
            // Refreshes read through the one client, so they spend the same rate budget as delivery and sync.
            WebhookProcessor webhookProcessor = new WebhookProcessor(storage.db, storage.webhookDeliveries,
                    storage.pages, storage.schemas, notion.map(n -> new PageReader(n, SyncPolicy.defaults())), sync,
                    storage.syncRuns, clock);
            routes.add(new WebhookRoutes(webhookTokens, storage.webhookDeliveries, webhookProcessor::wake, gate, metrics,
                    clock));
            StatusReporter reporter = new StatusReporter(storage.db, storage.jobs, storage.pauses, state,
                    storage.syncRuns, webhooks, Optional.of(new SyncShare(storage.syncRuns, settings.notionRateLimit(), clock)));
            routes.add(new HealthRoutes(reporter, admin, storage.db, gate));
            routes.addAll(adminRoutes(storage, reporter, metrics, admin, clients, wake, dispatcher, sync, webhooks, clock));
            PageLinks links = new PageLinks(storage.relations, storage.graph, storage.schemas, storage.syncRuns);
            routes.add(new LookupRoutes(new DemoInteractions(storage.relations, links),
                    new FormulaLookup(storage.graph, links), admin, new LinkedHashSet<>(settings.publicProperties()), origins));
            routes.add(new WidgetRoutes(settings.frameAncestors()));
            HttpServer http = new HttpServer(settings.port(), routes, intakes, new IntakeCounting(metrics),
                    settings.httpIdleTimeout());

            storage.graph.warmUp(); // lookups find the relation graph loaded, not load it themselves
            dispatcher.ifPresent(Dispatcher::start);
            webhookProcessor.start();
            Optional<SyncScheduler> schedule = sync.filter(j -> !settings.syncInterval().isZero())
                    .map(j -> new SyncScheduler(j, settings.syncInterval()));
            schedule.ifPresent(SyncScheduler::start);
            log.info("listening on port {}", http.port());
            return new Relay(storage, dispatcher, http, gate, settings.shutdownGrace(), sync, schedule,
                    webhookProcessor, webhooks, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            storage.close();
            throw e;
        }
    }

    /**
     * The demo ids intake accepts, loaded from the cache once Demos has synced and kept in step
     * with every later cache write (sync, webhook refreshes, our own writes).
     */
    private static KnownDemos knownDemos(Settings settings, Storage storage) {
        SyncStateStore syncState = new SyncStateStore(storage.db);
        KnownDemos demos = new KnownDemos(new KnownDemos.Source() {
            @Override
            public Optional<String> syncedDemosSource() {
                return settings.demosDb().flatMap(db -> storage.targets.dataSourceFor(db.value()))
                        .filter(syncState::completedOnce);
            }

            @Override
            public List<String> liveIds(String dataSourceId) {
                return storage.pages.liveIdsIn(dataSourceId);
            }
        }, settings.acceptUnknownDemos());
        storage.pages.listen(demos);
        return demos;
    }

    /**
     * The shipped route modules plus the routes directory's files. The default {@code routes/} may
     * be absent (the jar runs from any directory); a directory named in the settings must exist.
     */
    public static Routes routes(Settings s) {
        boolean named = !s.routesDir().equals(Path.of(SettingsLoader.DEFAULTS.get("relay.routes_dir")));
        return RouteFiles.load(s.routesDir(), named);
    }

    /** How the intake writer groups commits, from the {@code relay.intake_*} settings. */
    public static GroupCommit.Limits intakeLimits(Settings s) {
        GroupCommit.Limits defaults = GroupCommit.Limits.defaults();
        return new GroupCommit.Limits(s.intakeBatchMax(), s.intakeBatchWait(), s.intakeCommitTimeout(), defaults.maxQueued());
    }

    /** The Notion client, when a token is set. */
    public static Optional<NotionApi> notionClient(Settings s, Clock clock) {
        return notionClient(s, clock, chain -> chain.proceed(chain.request()));
    }

    /** The Notion client, when a token is set, with {@code observer} seeing every request (metrics). */
    public static Optional<NotionApi> notionClient(Settings s, Clock clock, Interceptor observer) {
        return s.notionToken().map(token -> new OkHttpNotionClient(s.notionBaseUrl(), token, s.notionVersion(),
                s.notionConnectTimeout(), s.notionReadTimeout(), new TokenBucketBudget(s.notionRateLimit(), clock), clock,
                observer));
    }

    /** /metrics, the admin page and its API, all behind one admin-token gate. */
    private static List<RouteGroup> adminRoutes(Storage storage, StatusReporter reporter, RelayMetrics metrics,
                                                AdminToken admin, ClientAddress clients, Runnable wake,
                                                Optional<Dispatcher> dispatcher, Optional<SyncJob> sync,
                                                WebhookControl webhooks, Clock clock) {
        AdminGate gate = new AdminGate(admin, new WrongTokenThrottle(), clients);
        // Without a dispatcher here, another process may be delivering: the probe time in the store is what it reads.
        Consumer<String> probeNow = dispatcher.<Consumer<String>>map(d -> d::probeNow)
                .orElse(target -> storage.pauses.probeAgainAt(target, clock.millis()));
        return List.of(new MetricsRoutes(metrics, gate), new AdminPage(gate),
                new AdminApi(reporter, new EventListing(storage.db),
                        new QueueActions(storage.jobs, storage.pauses, storage.inbox, wake, probeNow, clock), sync,
                        new StoredWebhookToken(webhooks), metrics, gate));
    }

    /** The webhook verification token in use: the environment's, else the one Notion's handshake stored. */
    public static WebhookTokens webhookTokens(Settings s, Storage storage, Clock clock) {
        return new WebhookTokens(s.webhookVerificationToken(), storage.webhookTokens, clock);
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
        NotionId interactions = s.interactionsDb().orElseThrow();
        Map<JobKind, JobHandler> handlers = Map.of(
                JobKind.INTERACTION_PAGE, new InteractionPageHandler(notion, resolver, interactions, storage.pages, modules),
                JobKind.CHILD_PAGE, new ChildPageHandler(notion, modules, demoChildren),
                JobKind.CALLOUT, new CalloutHandler(notion, modules, demoChildren),
                JobKind.DEMO_PROPERTIES, new DemoPropertiesHandler(notion, modules, storage.pages,
                        event -> storage.jobs.newerDone(event.eventId(), JobKind.DEMO_PROPERTIES).stream()
                                .flatMap(id -> storage.inbox.event(id).stream()).toList()));
        return Optional.of(new Dispatcher(storage.jobs, storage.pauses, storage.inbox, handlers,
                DeliveryPolicy.of(s.retryBaseDelay(), s.maxAttempts(), s.maxAge(), s.operatorProbeInterval(),
                        s.indexLag(), s.notionRateLimit()), clock,
                s.deliveryWorkers(), deliveryLease(storage, clock), state, new TargetProbe(notion, resolver, interactions)));
    }

    /** Held by the one process that delivers from a file; {@code status} reads it to tell whether one does. */
    public static Lease deliveryLease(Storage storage, Clock clock) {
        return new Lease(storage.db, clock, Lease.DELIVERY);
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

    /** Webhook token state, reveal and reset, and the delivery report (for the admin API and metrics). */
    public WebhookControl webhooks() {
        return webhooks;
    }

    /** The relay's meters (what /metrics shows). */
    public RelayMetrics metrics() {
        return metrics;
    }

    /** The delivery dispatcher, when delivery runs (a token and an Interactions target are set). */
    public Optional<Dispatcher> dispatcher() {
        return dispatcher;
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
        webhookProcessor.close();
        dispatcher.ifPresent(d -> d.stop(shutdownGrace));
        http.close();
        metrics.close();
        storage.close();
        log.info("stopped");
    }
}
