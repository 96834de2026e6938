package com.notionrelay.app;

import com.notionrelay.config.Settings;
import com.notionrelay.delivery.DeliveryPolicy;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.delivery.Dispatcher;
import com.notionrelay.delivery.InteractionPageHandler;
import com.notionrelay.ingest.EventParser;
import com.notionrelay.ingest.IntakeGate;
import com.notionrelay.ingest.IntakeRoutes;
import com.notionrelay.notion.DataSourceResolver;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.OkHttpNotionClient;
import com.notionrelay.notion.TokenBucketBudget;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.store.JobKind;
import com.notionrelay.web.EventRoutes;
import com.notionrelay.web.HealthRoutes;
import com.notionrelay.web.HttpServer;
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

    private Relay(Storage storage, Optional<Dispatcher> dispatcher, HttpServer http, IntakeGate gate,
                  Duration shutdownGrace) {
        this.storage = storage;
        this.dispatcher = dispatcher;
        this.http = http;
        this.gate = gate;
        this.shutdownGrace = shutdownGrace;
    }

    public static Relay start(Settings settings, Clock clock) {
        log.info("starting with {}", settings);
        Storage storage = Storage.open(settings.databaseFile(), clock);
        try {
            DeliveryState state = new DeliveryState();
            // One client, so delivery, sync and webhook refreshes all spend one rate budget.
            Optional<NotionApi> notion = notionClient(settings, clock);
            Optional<Dispatcher> dispatcher = dispatcher(settings, notion, storage, state, clock);
            Runnable wake = dispatcher.<Runnable>map(d -> d::wake).orElse(() -> { });

            EventParser parser = new EventParser(clock);
            IntakeGate gate = new IntakeGate();
            List<RouteGroup> routes = new ArrayList<>();
            routes.add(new IntakeRoutes("/example/database/page", "database-page",
                    List.of(JobKind.INTERACTION_PAGE), parser, storage.inbox, wake, gate));
            routes.add(new EventRoutes(storage.inbox));
            routes.add(new HealthRoutes(new StatusReporter(storage.db, storage.jobs, storage.pauses, state)));
            HttpServer http = new HttpServer(settings.port(), routes);

            dispatcher.ifPresent(Dispatcher::start);
            log.info("listening on port {}", http.port());
            return new Relay(storage, dispatcher, http, gate, settings.shutdownGrace());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Delivery needs a token and an Interactions target; without them events still queue. */
    /** The Notion client, when a token is set. */
    private static Optional<NotionApi> notionClient(Settings s, Clock clock) {
        return s.notionToken().map(token -> new OkHttpNotionClient(s.notionBaseUrl(), token, s.notionVersion(),
                s.notionConnectTimeout(), s.notionReadTimeout(), new TokenBucketBudget(s.notionRateLimit(), clock), clock));
    }

    private static Optional<Dispatcher> dispatcher(Settings s, Optional<NotionApi> client, Storage storage,
                                                   DeliveryState state, Clock clock) {
        Optional<String> missing = pauseReason(s);
        if (missing.isPresent() || client.isEmpty()) {
            state.paused(missing.orElse("no Notion client"));
            log.warn("delivery paused: {}", missing.orElse("no Notion client"));
            return Optional.empty();
        }
        NotionApi notion = client.get();
        DataSourceResolver resolver = new DataSourceResolver(notion, storage.targets);
        InteractionPageHandler interactions = new InteractionPageHandler(notion, resolver,
                s.interactionsDb().orElseThrow(), storage.pages);
        state.running();
        return Optional.of(new Dispatcher(storage.jobs, storage.pauses, storage.inbox,
                Map.of(JobKind.INTERACTION_PAGE, interactions), DeliveryPolicy.of(s.retryBaseDelay(), s.maxAttempts(), s.maxAge(), s.operatorProbeInterval()), clock,
                s.deliveryWorkers()));
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

    /**
     * Graceful stop: intake answers 503 at once, Notion calls in flight get {@code shutdownGrace}
     * to finish, and whatever is left stays in the store to resume on the next start.
     */
    @Override
    public void close() {
        gate.close();
        dispatcher.ifPresent(d -> d.stop(shutdownGrace));
        http.close();
        storage.close();
        log.info("stopped");
    }
}
