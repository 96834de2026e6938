package com.notionrelay.cli;

import com.notionrelay.app.Relay;
import com.notionrelay.app.Storage;
import com.notionrelay.config.InvalidSettingException;
import com.notionrelay.config.Settings;
import com.notionrelay.config.SettingsLoader;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.notion.NotionApi;
import com.notionrelay.notion.NotionId;
import com.notionrelay.route.RouteFileException;
import com.notionrelay.status.StatusReport;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncShare;
import com.notionrelay.sync.SyncOutcome;
import com.notionrelay.webhooks.WebhookControl;
import com.notionrelay.webhooks.WebhookTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code java -jar notion-relay.jar [serve|init|sync|status|replay|webhook-token] [--config FILE]}; serve is the default. */
@Command(name = "notion-relay", mixinStandardHelpOptions = true,
        description = "Turns demo interaction events into Notion pages.",
        subcommands = {Main.Serve.class, Main.Init.class, Main.Sync.class, Main.Status.class, Main.Replay.class,
                Main.WebhookToken.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", description = "settings file (default: config/relay.properties)",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    private final Map<String, String> environment;

    /** The top command; its writers are the ones {@link #run} was given, shared by every subcommand. */
    @Spec
    CommandSpec spec;

    public Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command; the exit code is 2 for a bad setting, 1 for a failure, 0 otherwise. */
    public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main(environment));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InvalidSettingException || e instanceof RouteFileException) {
                cmd.getErr().println("notion-relay: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        return new Serve(this).call();
    }

    Settings settings() {
        SettingsLoader loader = new SettingsLoader(environment);
        return config == null ? loader.load(SettingsLoader.DEFAULT_FILE, false) : loader.load(config, true);
    }

    /** The configured SQLite file, migrated: what the offline commands work on. */
    static Storage openStorage(Settings s) {
        return Storage.open(s.databaseFile(), Clock.systemUTC());
    }

    static WebhookControl webhookControl(Settings s, Storage storage) {
        Clock clock = Clock.systemUTC();
        return new WebhookControl(Relay.webhookTokens(s, storage, clock), storage.webhookDeliveries, clock);
    }

    @Command(name = "serve", description = "Run the HTTP intake, delivery and scheduled sync.")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        Main parent;

        Serve() {
        }

        Serve(Main parent) {
            this.parent = parent;
        }

        @Override
        public Integer call() throws InterruptedException {
            Relay relay;
            try {
                relay = Relay.start(parent.settings(), Clock.systemUTC());
            } catch (IllegalStateException e) {
                parent.spec.commandLine().getErr().println("notion-relay: " + e.getMessage());
                parent.spec.commandLine().getErr().flush();
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            // SIGTERM and Ctrl-C run this hook: intake closes, deliveries in flight finish, the store closes.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                relay.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "init", description = "Create the Demos and Interactions databases under a Notion page shared "
            + "with the integration, and print the two settings to use. Run again, it finds what it made.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--parent", required = true, paramLabel = "PAGE_ID",
                description = "the page's id or its Notion URL (share the page with the integration first)")
        String page;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<NotionId> parentId = InitCommand.pageId(page);
            if (parentId.isEmpty()) {
                err.println("notion-relay: --parent '" + page + "' is neither a page id (32 hexadecimal digits) nor a Notion "
                        + "page URL holding one");
                err.flush();
                return 2;
            }
            Settings s = parent.settings();
            Optional<NotionApi> notion = Relay.notionClient(s, Clock.systemUTC());
            if (notion.isEmpty()) {
                err.println("notion-relay: set NOTION_TOKEN to the integration's token first");
                err.flush();
                return 2;
            }
            int code = new InitCommand(notion.get(), Relay.routes(s), out, err).run(parentId.get());
            out.flush();
            err.flush();
            return code;
        }
    }

    @Command(name = "status", description = "Print delivery state, queue depth and dead letters from the database.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        public Integer call() {
            Settings s = parent.settings();
            try (Storage storage = openStorage(s)) {
                DeliveryState state = new DeliveryState();
                Optional<String> cannot = Relay.pauseReason(s);
                if (cannot.isPresent()) {
                    state.paused(cannot.get());
                } else if (Relay.deliveryLease(storage, Clock.systemUTC()).isHeld()) {
                    state.running();
                } else {
                    state.paused("no relay process is delivering from this database file (is `serve` running?)");
                }
                StatusReport report = new StatusReporter(storage.db, storage.jobs, storage.pauses, state,
                        storage.syncRuns, webhookControl(s, storage), Optional.of(new SyncShare(storage.syncRuns,
                        s.notionRateLimit(), Clock.systemUTC()))).report();
                spec.commandLine().getOut().print(json ? report.toJson() + "\n" : report.toText());
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "replay", description = "Move dead letters back to the queue: all of them, or one event's.")
    static final class Replay implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--event", paramLabel = "ID", description = "replay only this event's dead jobs")
        String eventId;

        @Override
        public Integer call() {
            try (Storage storage = openStorage(parent.settings())) {
                if (eventId != null && storage.inbox.event(eventId).isEmpty()) {
                    spec.commandLine().getErr().println("notion-relay: no event with id " + eventId);
                    return 1;
                }
                int n = storage.jobs.replayDead(eventId, Clock.systemUTC().millis());
                spec.commandLine().getOut().println(n + " dead job(s) queued again"
                        + (eventId == null ? "" : " for event " + eventId)
                        + "; a running relay picks them up within a second");
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "sync", description = "Run one sync pass from Notion into the cache, then exit "
            + "(0 done, 1 failed, 3 another sync was running).")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--full", description = "a full pass over every data source, not an incremental one")
        boolean full;

        @Override
        public Integer call() {
            Settings s = parent.settings();
            Clock clock = Clock.systemUTC();
            try (Storage storage = openStorage(s)) {
                Optional<SyncJob> job = Relay.syncJob(s, Relay.notionClient(s, clock), storage, clock);
                if (job.isEmpty()) {
                    spec.commandLine().getErr().println("notion-relay: nothing to sync: set NOTION_TOKEN and at least one "
                            + "of NOTION_DEMOS_DB, NOTION_INTERACTIONS_DB, RELAY_SYNC_SOURCES");
                    return 2;
                }
                SyncOutcome outcome = job.get().run(full);
                PrintWriter w = outcome.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
                w.println("sync: " + outcome.message());
                w.flush();
                return switch (outcome.result()) {
                    case COMPLETED -> 0;
                    case FAILED -> 1;
                    case SKIPPED -> 3;
                };
            }
        }
    }

    @Command(name = "webhook-token", description = "Show the Notion webhook verification token in full (to paste "
            + "into Notion's Verify dialog), or reset it so the next handshake from Notion is stored.")
    static final class WebhookToken implements Callable<Integer> {

        /** Lower-case, as typed on the command line. */
        enum Action { show, reset }

        @ParentCommand
        Main parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "show|reset", description = "show or reset")
        Action action;

        @Override
        public Integer call() {
            Settings s = parent.settings();
            try (Storage storage = openStorage(s)) {
                WebhookControl webhooks = webhookControl(s, storage);
                PrintWriter out = spec.commandLine().getOut();
                PrintWriter err = spec.commandLine().getErr();
                try {
                    return action == Action.show ? show(webhooks, out, err) : reset(webhooks, out);
                } finally {
                    out.flush();
                    err.flush();
                }
            }
        }

        private static int show(WebhookControl webhooks, PrintWriter out, PrintWriter err) {
            Optional<String> token = webhooks.revealToken();
            if (token.isEmpty()) {
                err.println("notion-relay: no webhook verification token yet: create the subscription in Notion and let "
                        + "it reach POST /webhooks/notion, or set NOTION_WEBHOOK_VERIFICATION_TOKEN");
                return 1;
            }
            WebhookTokens.State state = webhooks.tokenState();
            out.println(token.get());
            // stdout carries the token alone, so it can be piped; where it came from goes to stderr.
            err.println(state.source() == WebhookTokens.Source.ENVIRONMENT ? "(from NOTION_WEBHOOK_VERIFICATION_TOKEN)"
                    : "(from Notion's handshake at " + state.receivedAt().orElseThrow() + ")");
            return 0;
        }

        private static int reset(WebhookControl webhooks, PrintWriter out) {
            out.println(webhooks.resetToken() ? "webhook verification token reset: the next handshake Notion sends is "
                    + "stored (use Resend token in Notion's Webhooks tab)" : "no stored webhook verification token to reset");
            if (webhooks.tokenFromEnvironment()) {
                out.println("note: NOTION_WEBHOOK_VERIFICATION_TOKEN is set and still wins; change or unset it too");
            }
            return 0;
        }
    }
}
