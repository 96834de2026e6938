package com.notionrelay.cli;

import com.notionrelay.app.Relay;
import com.notionrelay.app.Storage;
import com.notionrelay.config.InvalidSettingException;
import com.notionrelay.config.Settings;
import com.notionrelay.config.SettingsLoader;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.status.StatusReporter;
import com.notionrelay.sync.SyncJob;
import com.notionrelay.sync.SyncOutcome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code java -jar notion-relay.jar [serve|sync|status] [--config FILE]}; serve is the default. */
@Command(name = "notion-relay", mixinStandardHelpOptions = true,
        description = "Turns demo interaction events into Notion pages.",
        subcommands = {Main.Serve.class, Main.Sync.class, Main.Status.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", description = "settings file (default: config/relay.properties)", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InvalidSettingException) {
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
        SettingsLoader loader = new SettingsLoader(System.getenv());
        return config == null ? loader.load(SettingsLoader.DEFAULT_FILE, false) : loader.load(config, true);
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
            Relay relay = Relay.start(parent.settings(), Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                relay.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "status", description = "Print queue depth and delivery state from the database.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        public Integer call() {
            Settings s = parent.settings();
            try (Storage storage = Storage.open(s.databaseFile(), Clock.systemUTC())) {
                DeliveryState state = new DeliveryState();
                Relay.pauseReason(s).ifPresentOrElse(state::paused,
                        () -> state.paused("not running in this process; this is the state on disk"));
                var report = new StatusReporter(storage.db, storage.jobs, state, storage.syncRuns).report();
                System.out.print(json ? report.toJson() + "\n" : report.toText());
                return 0;
            }
        }
    }

    @Command(name = "sync", description = "Run one sync pass from Notion into the cache, then exit "
            + "(0 done, 1 failed, 3 another sync was running).")
    static final class Sync implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Option(names = "--full", description = "a full pass over every data source, not an incremental one")
        boolean full;

        @Override
        public Integer call() {
            Settings s = parent.settings();
            Clock clock = Clock.systemUTC();
            try (Storage storage = Storage.open(s.databaseFile(), clock)) {
                Optional<SyncJob> job = Relay.syncJob(s, Relay.notionClient(s, clock), storage, clock);
                if (job.isEmpty()) {
                    System.err.println("notion-relay: nothing to sync: set NOTION_TOKEN and at least one of "
                            + "NOTION_DEMOS_DB, NOTION_INTERACTIONS_DB, RELAY_SYNC_SOURCES");
                    return 2;
                }
                SyncOutcome outcome = job.get().run(full);
                (outcome.ok() ? System.out : System.err).println("sync: " + outcome.message());
                return switch (outcome.result()) {
                    case COMPLETED -> 0;
                    case FAILED -> 1;
                    case SKIPPED -> 3;
                };
            }
        }
    }
}
