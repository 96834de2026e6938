package com.notionrelay.cli;

import com.notionrelay.app.Relay;
import com.notionrelay.app.Storage;
import com.notionrelay.config.InvalidSettingException;
import com.notionrelay.config.Settings;
import com.notionrelay.config.SettingsLoader;
import com.notionrelay.delivery.DeliveryState;
import com.notionrelay.route.RouteFileException;
import com.notionrelay.status.StatusReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code java -jar notion-relay.jar [serve|status] [--config FILE]}; serve is the default. */
@Command(name = "notion-relay", mixinStandardHelpOptions = true,
        description = "Turns demo interaction events into Notion pages.",
        subcommands = {Main.Serve.class, Main.Status.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", description = "settings file (default: config/relay.properties)", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
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
                var report = new StatusReporter(storage.db, storage.jobs, state).report();
                System.out.print(json ? report.toJson() + "\n" : report.toText());
                return 0;
            }
        }
    }
}
