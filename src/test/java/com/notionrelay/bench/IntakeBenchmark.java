package com.notionrelay.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Intake at disk speed: the packaged jar as its own process, loaded by {@code wrk} over loopback.
 * In one run it measures the server's no-op ceiling (an unknown path: Jetty, Spark's routing and a
 * JSON 404, nothing else) and then unique events posted to {@code /example/database/page}, each
 * committed with {@code synchronous=FULL} before its 202, at 64 connections and at one; then it
 * profiles a third intake run with Java Flight Recorder and says where the time went. Delivery is
 * off (no Notion token), so only intake runs. Not a test; run it (needs {@code wrk} on the PATH) with
 *
 * <pre>mvn -q -B -DskipTests package exec:java -Dexec.classpathScope=test -Dexec.mainClass=com.notionrelay.bench.IntakeBenchmark</pre>
 *
 * Arguments: seconds per run (default 10), {@code --no-profile} to skip the profiled run, and
 * {@code --jar=PATH} to measure another build (an older release, for a before/after in one sitting).
 */
public final class IntakeBenchmark {

    private static final int CONNECTIONS = 64;

    private IntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10;
        boolean profile = !List.of(args).contains("--no-profile");
        Path jar = List.of(args).stream().filter(a -> a.startsWith("--jar=")).map(a -> Path.of(a.substring(6)))
                .findFirst().orElse(Path.of("target", "notion-relay.jar")).toAbsolutePath();
        Path wrk = Wrk.find().orElse(null);
        if (wrk == null) {
            System.err.println("IntakeBenchmark needs wrk on the PATH (Debian/Ubuntu: apt-get install wrk); nothing was run");
            System.exit(2);
        }
        if (!Files.exists(jar)) {
            System.err.println("no " + jar + ": run through `mvn -DskipTests package exec:java …` so the jar is built first");
            System.exit(2);
        }
        // under target/, on the project's disk: a tmpfs /tmp would make every fsync free
        Path dir = Files.createDirectories(Path.of("target", "bench-intake", Instant.now().toString().replace(':', '-')))
                .toAbsolutePath();
        Path script = dir.resolve("unique-events.lua");
        try (InputStream in = IntakeBenchmark.class.getResourceAsStream("/bench/unique-events.lua")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Process relay = start(jar, dir, port);
        try {
            awaitHealthy(base, relay);
            System.out.println("warming up until the JIT compiler has finished with the intake path…");
            Wrk.run(wrk, 2, CONNECTIONS, 5, base + "/no-such-path", null, null);
            Wrk.Result warm = warmUp(wrk, relay, base, script);

            Duration cpuStart = cpu(relay);
            Wrk.Result ceiling = Wrk.run(wrk, 2, CONNECTIONS, seconds, base + "/no-such-path", null, null);
            Duration cpuBefore = cpu(relay);
            Duration cpuCeiling = cpuBefore.minus(cpuStart);
            long[] ticksBefore = userAndKernelTicks(relay);
            Wrk.Result many = Wrk.run(wrk, 2, CONNECTIONS, seconds, base + "/", script, "c64");
            Duration cpuMany = cpu(relay).minus(cpuBefore);
            long[] ticksAfter = userAndKernelTicks(relay);
            Wrk.Result one = Wrk.run(wrk, 1, 1, seconds, base + "/", script, "c1");
            String breakdown = profile ? profiled(wrk, relay, dir, base, script, seconds) : null;
            Wrk.Result profiled = null;
            if (breakdown != null) {
                profiled = Wrk.parse(Files.readString(dir.resolve("profiled.wrk")));
            }

            long acknowledged = 0;
            long errors = 0;
            for (Wrk.Result r : new Wrk.Result[] {warm, many, one, profiled}) {
                if (r != null) {
                    acknowledged += r.requests() - r.non2xx();
                    errors += r.non2xx() + r.socketErrors();
                }
            }
            long stored = storedJobs(base);

            String fs = Files.getFileStore(dir).type();
            System.out.printf(Locale.ROOT, "%nintake benchmark of %s, %s, %d cores, %s, SQLite file on %s (%s), "
                            + "%d s per run%n", jar.getFileName(), Instant.now(), Runtime.getRuntime().availableProcessors(),
                    loadAverage(), fs, dir, seconds);
            System.out.println("| run | requests/s | p50 | p99 | errors |");
            System.out.println("|---|---|---|---|---|");
            row("unknown path (no-op ceiling), 64 connections", ceiling, 0);
            row("`POST /example/database/page`, unique events, 64 connections", many, many.non2xx() + many.socketErrors());
            row("same, 1 connection", one, one.non2xx() + one.socketErrors());
            double ratio = many.perSecond() / ceiling.perSecond();
            System.out.printf(Locale.ROOT, "intake at 64 connections = %.2f × the ceiling; relay CPU during it: %.1f s in %.1f s "
                    + "(%.2f of %d cores)%n", ratio, cpuMany.toMillis() / 1000.0, many.seconds(),
                    cpuMany.toMillis() / 1000.0 / many.seconds(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "relay CPU per request: %.0f µs for an intake event (%s), %.0f µs for the no-op%n",
                    cpuMany.toNanos() / 1000.0 / many.requests(), userAndKernelShare(ticksBefore, ticksAfter),
                    cpuCeiling.toNanos() / 1000.0 / ceiling.requests());
            System.out.printf(Locale.ROOT, "events acknowledged (2xx seen by wrk): %,d; stored (pending jobs): %,d; errors: %d%n",
                    acknowledged, stored, errors);
            if (breakdown != null) {
                System.out.printf(Locale.ROOT, "%nprofiled intake run (64 connections, JFR on, default settings): %.0f requests/s%n%s",
                        profiled.perSecond(), breakdown);
            }
            System.out.printf(Locale.ROOT, "%ntargets: ≥ 0.3 × ceiling %s, p99 ≤ 25 ms %s, no errors %s, 1-connection p50 ≤ 1 ms %s, "
                            + "nothing acknowledged lost %s%n", mark(ratio >= 0.3), mark(many.p99() <= 25), mark(errors == 0),
                    mark(one.p50() <= 1), mark(stored >= acknowledged));
        } finally {
            relay.destroy(); // SIGTERM: a clean stop, which logs the group commit's counts
            relay.waitFor();
            String groups = Files.readAllLines(dir.resolve("relay.log")).stream()
                    .filter(l -> l.contains("group commit:")).collect(Collectors.joining("\n"));
            System.out.println(groups.isEmpty() ? "" : groups.replaceAll("^.*group commit:", "group commit:"));
        }
    }

    /**
     * Intake runs of 5 s until one spends under 2 % of its time compiling (at most a minute). On
     * two cores the JIT compiler competes with the requests for a good half minute after start;
     * figures taken before it has finished measure the compiler, not the relay warm, as it runs.
     */
    private static Wrk.Result warmUp(Path wrk, Process relay, String base, Path script)
            throws IOException, InterruptedException {
        long requests = 0;
        long non2xx = 0;
        long socketErrors = 0;
        long started = System.nanoTime();
        double share = 1;
        for (int round = 1; round <= 12 && share >= 0.02; round++) {
            double compiledBefore = compilingSeconds(relay);
            Wrk.Result r = Wrk.run(wrk, 2, CONNECTIONS, 5, base + "/", script, "warmup" + round);
            requests += r.requests();
            non2xx += r.non2xx();
            socketErrors += r.socketErrors();
            share = (compilingSeconds(relay) - compiledBefore) / r.seconds();
        }
        System.out.printf(Locale.ROOT, "warm-up took %.0f s; its last 5 s spent %.1f %% of their time compiling%n",
                (System.nanoTime() - started) / 1e9, share * 100);
        // what the warm-up acknowledged is checked against the store too
        return new Wrk.Result(requests, 0, 0, 0, 0, non2xx, socketErrors, "");
    }

    /** The relay's JIT compile time so far, from its performance counters. */
    private static double compilingSeconds(Process relay) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String counters = exec(jcmd.toString(), Long.toString(relay.pid()), "PerfCounter.print");
        return counter(counters, "java.ci.totalTime") / counter(counters, "sun.os.hrt.frequency");
    }

    private static double counter(String counters, String name) {
        return counters.lines().filter(l -> l.startsWith(name + "=")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .orElseThrow(() -> new IllegalStateException("jcmd PerfCounter.print shows no " + name));
    }

    /** A third intake run with a flight recording, so the recording's overhead touches no figure above. */
    private static String profiled(Path wrk, Process relay, Path dir, String base, Path script, int seconds)
            throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path recording = dir.resolve("intake.jfr");
        exec(jcmd.toString(), Long.toString(relay.pid()), "JFR.start", "name=intake", "settings=default",
                "filename=" + recording);
        Wrk.Result r = Wrk.run(wrk, 2, CONNECTIONS, seconds, base + "/", script, "profiled");
        exec(jcmd.toString(), Long.toString(relay.pid()), "JFR.stop", "name=intake");
        Files.writeString(dir.resolve("profiled.wrk"), r.raw());
        return JfrBreakdown.describe(recording);
    }

    private static void row(String what, Wrk.Result r, long errors) {
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f ms | %.2f ms | %d |%n", what, r.perSecond(), r.p50(), r.p99(), errors);
    }

    private static String mark(boolean met) {
        return met ? "met" : "NOT MET";
    }

    private static Process start(Path jar, Path dir, int port) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("RELAY_PORT", Integer.toString(port));
        env.put("RELAY_DB", dir.resolve("relay.db").toString());
        env.put("RELAY_SYNC_INTERVAL", "0");
        env.put("RELAY_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        // one client sends everything here: no per-client intake limit, no known-demo check
        env.put("RELAY_INTAKE_RATE", "0");
        env.put("RELAY_ACCEPT_UNKNOWN_DEMOS", "true");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve");
        pb.directory(dir.toFile()); // no config/relay.properties there: defaults, plus the above
        pb.environment().keySet().removeIf(k -> k.startsWith("NOTION_") || k.startsWith("RELAY_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("relay.log").toFile());
        return pb.start();
    }

    private static void awaitHealthy(String base, Process relay) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!relay.isAlive()) {
                throw new IllegalStateException("the relay exited; see its relay.log");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the relay did not answer /health within 60 s");
    }

    /** Jobs waiting in the store: one per stored event of this module, since delivery is off. */
    private static long storedJobs(String base) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonObject queue = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("queue");
        return queue.get("pending").getAsLong();
    }

    private static Duration cpu(Process p) {
        return p.toHandle().info().totalCpuDuration().orElseThrow(() ->
                new IllegalStateException("this system does not report a process's CPU time"));
    }

    /** utime and stime of a process from /proc (Linux), in clock ticks; zeros where there is no /proc. */
    private static long[] userAndKernelTicks(Process p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static String userAndKernelShare(long[] before, long[] after) {
        long user = after[0] - before[0];
        long kernel = after[1] - before[1];
        return user + kernel == 0 ? "user/kernel split unknown"
                : String.format(Locale.ROOT, "%.0f %% of it in the kernel", 100.0 * kernel / (user + kernel));
    }

    private static String loadAverage() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end";
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
