package com.notionrelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code wrk} load generator (never installed here: it must be on the PATH) and reads its report. */
final class Wrk {

    /** What one wrk run reported; latencies in milliseconds. */
    record Result(long requests, double seconds, double perSecond, double p50, double p99, long non2xx, long socketErrors,
                  String raw) {
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m),");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    /** The wrk executable on the PATH, if any. */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * @param url    a loopback URL (the benchmark targets nothing else)
     * @param script a wrk Lua script, or null for plain GETs
     * @param label  passed to the script after {@code --}
     */
    static Result run(Path wrk, int threads, int connections, int seconds, String url, Path script, String label)
            throws IOException, InterruptedException {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("wrk may only target 127.0.0.1, not " + url);
        }
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency"));
        if (script != null) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add(url);
        if (label != null) {
            cmd.addAll(List.of("--", label));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(out);
    }

    static Result parse(String out) {
        Matcher req = find(REQUESTS, out);
        double seconds = Double.parseDouble(req.group(2)) * unitSeconds(req.group(3));
        long non2xx = NON_2XX.matcher(out).find() ? Long.parseLong(find(NON_2XX, out).group(1)) : 0;
        long socketErrors = 0;
        Matcher socket = SOCKET.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        return new Result(Long.parseLong(req.group(1)), seconds, Double.parseDouble(find(RATE, out).group(1)),
                percentile(out, "50%"), percentile(out, "99%"), non2xx, socketErrors, out);
    }

    /** A line of wrk's latency distribution, e.g. {@code 99%    4.21ms}, in milliseconds. */
    private static double percentile(String out, String which) {
        Matcher m = find(Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([\\d.]+)(us|ms|s|m)\\b"), out);
        return Double.parseDouble(m.group(1)) * unitSeconds(m.group(2)) * 1000;
    }

    private static double unitSeconds(String unit) {
        return switch (unit) {
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "m" -> 60;
            default -> throw new IllegalArgumentException(unit);
        };
    }

    private static Matcher find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output (no " + p + "):\n" + out);
        }
        return m;
    }
}
