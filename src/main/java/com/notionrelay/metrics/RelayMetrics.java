package com.notionrelay.metrics;

import com.notionrelay.store.DeliveryLog;
import com.notionrelay.store.JobState;
import com.notionrelay.store.JobStore;
import com.notionrelay.store.StoreException;
import com.notionrelay.sync.SyncRunStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Interceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's meters in one Micrometer Prometheus registry: intake counters fed by the HTTP layer,
 * Notion requests fed by an OkHttp interceptor, and the queue, deliveries and sync runs read from
 * the store when metrics are read (no hook in delivery or sync), plus JVM and process meters.
 */
public final class RelayMetrics implements IntakeMeter, WebhookDeliveryMeter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayMetrics.class);
    private static final List<String> SYNC_OUTCOMES = List.of("ok", "failed");

    /** Events accepted and delivered per minute over the last hour, oldest minute first. */
    public record Chart(Instant firstMinute, List<Long> accepted, List<Long> delivered) {
        public Chart {
            accepted = List.copyOf(accepted);
            delivered = List.copyOf(delivered);
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final JobStore jobs;
    private final SyncRunStore syncRuns;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MinuteCounts acceptedPerMinute = new MinuteCounts();
    private final MinuteCounts deliveredPerMinute = new MinuteCounts();
    private final DeliveryWatch deliveries;
    private final AtomicReference<Map<JobState, Long>> jobCounts = new AtomicReference<>(Map.of());
    private final AtomicReference<Map<String, Long>> syncCounts = new AtomicReference<>(Map.of());

    public RelayMetrics(Clock clock, JobStore jobs, DeliveryLog deliveryLog, SyncRunStore syncRuns) {
        this.clock = clock;
        this.jobs = jobs;
        this.syncRuns = syncRuns;
        promtoolClean();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("relay.jobs", jobCounts, c -> c.get().getOrDefault(state, 0L))
                    .description("Delivery jobs in the store by state").tag("state", state.dbName()).register(registry);
        }
        for (String outcome : SYNC_OUTCOMES) {
            FunctionCounter.builder("relay.sync.runs", syncCounts, c -> c.get().getOrDefault(outcome, 0L))
                    .description("Sync runs recorded in the store by outcome").tag("outcome", outcome).register(registry);
        }
        Timer lag = Timer.builder("relay.delivery.lag").description("From an event's acceptance to its page in Notion")
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))
                .register(registry);
        this.deliveries = new DeliveryWatch(deliveryLog, lag, deliveredPerMinute, clock.millis());
    }

    /**
     * Two of Micrometer's processor meters fail {@code promtool check metrics}: CPU time in
     * nanoseconds becomes Prometheus's usual {@code process_cpu_seconds_total}, and a gauge may not
     * end in {@code _count}, so {@code system.cpu.count} is published as {@code system_cpus}.
     */
    private void promtoolClean() {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the relay's process used").register(registry);
        }
    }

    @Override
    public void accepted(String route, long count) {
        if (count <= 0) {
            return;
        }
        Counter.builder("relay.events.accepted").description("New events stored by intake, by route module")
                .tag("route", route).register(registry).increment(count);
        acceptedPerMinute.add(clock.millis(), count);
    }

    @Override
    public void rejected(String route, String code) {
        Counter.builder("relay.events.rejected").description("Intake requests refused, by route module and error code")
                .tags("route", route, "code", code).register(registry).increment();
    }

    @Override
    public void delivery(String type, String outcome) {
        Counter.builder("relay.webhook.deliveries").description("Notion webhook deliveries by type and outcome")
                .tags("type", type, "outcome", outcome).register(registry).increment();
    }

    /** To add where the Notion client is built: counts and times every request it sends. */
    public Interceptor notionRequests() {
        return new NotionRequestMeter(registry);
    }

    /** The Prometheus text exposition, after reading the store-backed meters. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    public Chart chart() {
        refresh();
        long now = clock.millis();
        return new Chart(Instant.ofEpochMilli(MinuteCounts.firstMinuteStart(now)),
                Arrays.stream(acceptedPerMinute.lastHour(now)).boxed().toList(),
                Arrays.stream(deliveredPerMinute.lastHour(now)).boxed().toList());
    }

    /** A store that does not answer leaves the last values in place; /health reports it. */
    private void refresh() {
        try {
            Map<JobState, Long> counts = new EnumMap<>(jobs.countsByState());
            jobCounts.set(counts);
            Map<String, Long> runs = new HashMap<>();
            for (String outcome : SYNC_OUTCOMES) {
                runs.put(outcome, syncRuns.countFinished(outcome));
            }
            syncCounts.set(runs);
            deliveries.catchUp();
        } catch (StoreException e) {
            log.warn("metrics could not read the store: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
