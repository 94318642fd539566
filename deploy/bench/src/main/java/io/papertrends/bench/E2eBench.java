package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import io.papertrends.enrich.EnrichService;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestService;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.stack.LocalStack;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import io.papertrends.trend.TrendService;
import io.papertrends.trend.core.TrendConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * {@code bench e2e}: the whole pipeline in one process (ingest, enrich and trend services on the
 * same broker), reader events offered open-loop at fixed rates through ingest's two real paths
 * ({@code POST /events} batches and {@code events-jsonl} input), and the latency from an event's
 * send time to the first {@code trending-updates} record that reflects it; a ramp finds the highest
 * rate the pipeline sustains, then the same run measures Kafka's producer-performance tool on
 * records of the events' size (the ceiling) and a bare Kafka Streams DSL hopping-window count
 * (the obvious implementation), and prints the pipeline's rate against both.
 *
 * <p>An event's {@code occurredAt} is the instant it was due to be sent (so a sender that falls
 * behind shows in the latency, not in a lower offered rate), and an update reflects it when it is
 * a ranking of the global scope (every event counts there, in every window) with {@code asOf}, the
 * event time the ranking reflects, at or after that instant. Updates are emitted only when a
 * ranking changes, so the figure is the latency of the rankings as a reader sees them.
 */
public final class E2eBench {
    /** With PAPERTRENDS_BENCH_TRACE: the stream services whose threads the trace reports on. */
    private static final Map<String, org.apache.kafka.streams.KafkaStreams> TRACED = new java.util.concurrent.ConcurrentHashMap<>();
    /** With PAPERTRENDS_BENCH_TRACE: the services' meters, whose counters the trace reports per second. */
    private static final Map<String, io.micrometer.core.instrument.MeterRegistry> TRACED_METERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Settings the benchmark gives the services unless {@code --set} says otherwise: every stage's interval 100 ms. */
    public static final Map<String, String> LOW_LATENCY = Map.of(
            "commit.interval.ms", "100",
            PopularityConfig.EMIT_INTERVAL, "100ms",
            TrendConfig.UPDATE_INTERVAL, "100ms");

    /** What to run. */
    public record Options(String bootstrapServers, String registryUrl, Map<String, String> client, Path dir, int papers, int partitions,
                          double startRate, double factor, double maxRate, int stepSeconds, int warmupSeconds, int ceilingRecords,
                          int dslEvents, long maxP99Ms, Map<String, String> settings) {
        public Options {
            client = Map.copyOf(client);
            settings = Map.copyOf(settings);
        }
    }

    /** The figures of one step at a fixed offered rate. */
    record Step(String name, double offered, double sent, double reflected, long events, long unreflected, long failed, Histogram latency,
                long maxP99Ms) {
        boolean sustained() {
            return reflected >= 0.95 * offered && latency.getTotalCount() > 0 && latency.getValueAtPercentile(99) <= maxP99Ms;
        }
    }

    private static final long TICK_MS = 20;
    /** After a step's measured seconds, load continues at its rate this long: its events' reflection is awaited meanwhile. */
    private static final long DRAIN_MS = 2000;
    /** A measured event counts as processed when it is reflected within this time after the measured seconds end (at least). */
    private static final long PROCESSED_WITHIN_MS = 1000;
    private static final int HTTP_BATCH = 500;
    private static final boolean TRACE = System.getenv("PAPERTRENDS_BENCH_TRACE") != null;

    private final Options o;
    private final Topics topics;
    private final Settings base;
    private final String prefix;
    private final SplittableRandom random = new SplittableRandom(7);
    private final SyntheticEvents generator;

    private E2eBench(Options o) {
        this.o = o;
        this.prefix = "e2e-" + System.currentTimeMillis() + "-";
        Map<String, String> extra = new LinkedHashMap<>(LOW_LATENCY);
        extra.putAll(o.settings());
        extra.put(Topics.PREFIX_CONFIG, prefix);
        this.base = Settings.of(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), extra));
        this.topics = Topics.from(base.asMap());
        this.generator = new SyntheticEvents(prefix, o.papers(), 7);
    }

    public static int run(Options o) throws Exception {
        return new E2eBench(o).run();
    }

    private int run() throws Exception {
        String windows = base.get(WindowList.CONFIG, io.papertrends.enrich.popularity.WindowSpec.DEFAULTS);
        System.out.printf("bench e2e: %,d papers, %d partitions, windows %s, steps of %d s from %,.0f events/s ×%.2f up to %,.0f, "
                        + "warm-up %d s; services: %s%n", o.papers(), o.partitions(), windows, o.stepSeconds(), o.startRate(), o.factor(),
                o.maxRate(), o.warmupSeconds(), intervals());
        createTopics(topics.all().stream().map(TopicSpec::name).toList());
        int eventBytes = eventValueBytes();
        Map<String, RunningService> services = new LinkedHashMap<>();
        double sustained = 0;
        List<Step> steps = new ArrayList<>();
        Step best = null;
        try {
            long t0 = System.nanoTime();
            IngestService ingestService = IngestService.start(serviceSettings("ingest", false), meters("ingest-service"));
            services.put("ingest-service", ingestService);
            services.put("enrich-service", EnrichService.start(serviceSettings("enrich", true), meters("enrich-service")));
            services.put("trend-service", TrendService.start(serviceSettings("trend", true), meters("trend-service")));
            awaitHealthy(services);
            System.out.printf("services RUNNING in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            services.forEach((name, service) -> {
                if (service instanceof io.papertrends.streams.StreamsService streams) {
                    TRACED.put(name, streams.streams());
                }
            });
            publishPapers();

            try (Ingest ingest = Ingest.open(base, new SimpleMeterRegistry());
                 Tracker tracker = new Tracker();
                 Load load = new Load(ingest, ingestService.port())) {
                tracker.start();
                load.tracker = tracker;
                load.run(o.startRate(), o.warmupSeconds() * 1000L, null);
                System.out.printf("warm-up: %d s at %,.0f events/s%n", o.warmupSeconds(), o.startRate());
                printHeader();
                for (double rate = o.startRate(); rate <= o.maxRate() * 1.0001; rate *= o.factor()) {
                    Step step = step(load, tracker, "ramp", rate);
                    steps.add(step);
                    printRow(step);
                    if (!step.sustained()) {
                        break;
                    }
                    best = step;
                }
                if (best == null) {
                    System.out.printf("no rate of the ramp sustained (reflected >= 95 %% of offered and p99 <= %,d ms)%n", o.maxP99Ms());
                } else {
                    sustained = best.reflected();
                    System.out.printf("highest rate sustained: %,.0f events/s offered, %,.0f events/s reflected in trending-updates%n",
                            best.offered(), best.reflected());
                    printHeader();
                    for (double share : new double[] {0.25, 0.75}) {
                        Step step = step(load, tracker, String.format(Locale.ROOT, "%.0f %% of sustained", share * 100), share * best.offered());
                        steps.add(step);
                        printRow(step);
                    }
                }
                System.out.printf("sent through POST /events %,d in %,d requests (%,d failed), through events-jsonl %,d in %,d batches "
                                + "(%,d not published)%n", load.httpEvents.get(), load.httpRequests.get(), load.httpFailed.get(),
                        load.jsonlEvents.get(), load.jsonlBatches.get(), load.jsonlFailed.get());
            }
        } finally {
            closeAll(services);
        }

        System.out.printf("baselines on the same broker (the services stopped): PaperEvent values of %d bytes%n", eventBytes);
        double ceiling = IngestBench.producerPerformance(o.bootstrapServers(), o.client(), o.dir(), createdTopic(prefix + "perf"),
                List.of("--record-size", Integer.toString(eventBytes)), o.ceilingRecords())[0];
        double dsl = PopularityBench.bareDslRate(new PopularityBench.Options(o.bootstrapServers(), o.registryUrl(), o.dslEvents(),
                Math.max(1, o.papers()), 12, o.partitions(), o.dir().resolve("dsl-state"), windows, "exactly_once_v2",
                o.dslEvents() >= 30_000 ? o.dslEvents() / 3 : 0, 1, Map.of(), o.client()));
        System.out.printf("%-58s %14s%n", "figure", "events/s");
        System.out.printf("%-58s %,14.0f%n", "pipeline sustained (reflected in trending-updates)", sustained);
        System.out.printf("%-58s %,14.0f%n", "Kafka producer-performance, " + eventBytes + "-byte records", ceiling);
        System.out.printf("%-58s %,14.0f%n", "bare Kafka Streams DSL hopping-window count()", dsl);
        System.out.printf("ratio pipeline / producer ceiling: %.3f; ratio pipeline / bare DSL count: %.2fx%n", sustained / ceiling, sustained / dsl);
        // A rate not sustained is a figure; events the ingest service did not take are a failure.
        long failed = steps.stream().mapToLong(Step::failed).sum();
        return failed == 0 ? 0 : 1;
    }

    private String intervals() {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("commit.interval.ms", PopularityConfig.EMIT_INTERVAL, TrendConfig.UPDATE_INTERVAL)) {
            parts.add(key + "=" + base.get(key, "?"));
        }
        return String.join(", ", parts);
    }

    /** One step: warm measured seconds at {@code rate}, then {@link #DRAIN_MS} more at the same rate while reflection is awaited. */
    private Step step(Load load, Tracker tracker, String name, double rate) throws Exception {
        Tracker.StepStats stats = tracker.newStep();
        long startNs = System.nanoTime();
        long[] counts = load.run(rate, o.stepSeconds() * 1000L, stats);
        double seconds = (System.nanoTime() - startNs) / 1e9;
        long measuredEndMs = System.currentTimeMillis();
        stats.processedBy = measuredEndMs + Math.max(PROCESSED_WITHIN_MS, o.maxP99Ms());
        load.run(rate, Math.max(DRAIN_MS, o.maxP99Ms() + 1000), null);
        long unreflected = tracker.closeStep(stats);
        return new Step(name, rate, counts[0] / seconds, stats.processed.get() / seconds, counts[0], unreflected, counts[1], stats.histogram(),
                o.maxP99Ms());
    }

    private static void printHeader() {
        System.out.printf("%-20s %10s %10s %12s %9s %9s %9s %9s %12s %s%n", "step", "offered/s", "sent/s", "reflected/s", "p50 ms",
                "p99 ms", "p99.9 ms", "max ms", "unreflected", "sustained");
    }

    private static void printRow(Step s) {
        Histogram h = s.latency();
        System.out.printf("%-20s %,10.0f %,10.0f %,12.0f %9d %9d %9d %9d %,12d %s%n", s.name(), s.offered(), s.sent(), s.reflected(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), s.unreflected(),
                s.sustained() ? "yes" : "no");
    }

    // ---- services and papers

    private Settings serviceSettings(String service, boolean streams) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(HttpApi.HOST, "127.0.0.1");
        values.put(HttpApi.PORT, Integer.toString(freePort()));
        values.put(ManagementServer.HOST, "127.0.0.1");
        values.put(ManagementServer.PORT, Integer.toString(freePort()));
        values.put("papertrends.instance", service + "-service");
        values.putAll(base.asMap());
        if (streams) {
            values.put("application.id", prefix + service);
            values.putIfAbsent(StreamsSettings.STATE_DIR, o.dir().resolve("state").resolve(service).toString());
        }
        return Settings.of(values);
    }

    private io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters(String application) {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters = ServiceMeters.prometheus(application, base);
        TRACED_METERS.put(application, meters);
        return meters;
    }

    private static void awaitHealthy(Map<String, RunningService> services) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (Map.Entry<String, RunningService> s : services.entrySet()) {
            while (!s.getValue().health().up()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s.getKey() + " not healthy after 3 minutes: " + s.getValue().health().reason());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void closeAll(Map<String, RunningService> services) {
        List<String> names = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            try {
                services.get(name).close();
            } catch (Exception e) {
                System.err.println("closing " + name + ": " + e);
            }
        }
    }

    /** Synthetic papers through {@code ingest --format jsonl}; returns once enrich and trend have committed them all. */
    private void publishPapers() throws Exception {
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        SyntheticPapers.write(jsonl, o.papers(), 1000, 42);
        long t0 = System.nanoTime();
        try (Ingest ingest = Ingest.open(base, new SimpleMeterRegistry())) {
            IngestReport report = ingest.sources().ingest(InputFormat.JSONL, new ByteArrayInputStream(jsonl.toByteArray()), "papers.jsonl");
            if (!report.complete()) {
                throw new IllegalStateException("papers not all published: " + report.summary());
            }
        }
        awaitCommitted(prefix + "enrich", topics.papers().name());
        awaitCommitted(prefix + "trend", topics.papersEnriched().name());
        System.out.printf("%,d papers published and enriched in %.1f s%n", o.papers(), (System.nanoTime() - t0) / 1e9);
    }

    /** Waits until {@code group}'s committed offsets on {@code topic} reach its end offsets. */
    private void awaitCommitted(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < o.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (true) {
                var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " has not caught up on " + topic + " in 5 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** The contract's topics of the run. */
    private void createTopics(List<String> names) throws Exception {
        try (Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            List<NewTopic> created = new ArrayList<>();
            names.forEach(n -> created.add(new NewTopic(n, o.partitions(), (short) 1)));
            admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, names);
        }
    }

    private String createdTopic(String name) throws Exception {
        createTopics(List.of(name));
        return name;
    }

    /** Mean size of a PaperEvent value as published (schema-registry framing included): the ceiling's record size. */
    private int eventValueBytes() {
        var serializer = topics.paperEvents().valueSerde().serializer();
        long total = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            PaperEvent e = PaperEvent.newBuilder().setEventId(prefix + "size-" + i).setPaperId("arxiv:" + SyntheticPapers.arxivId(i % o.papers()))
                    .setType(EventType.values()[i % 6]).setUserId("u" + random.nextInt(5000)).setOccurredAt(Instant.now())
                    .setSource(i % 2 == 0 ? "http" : "events-jsonl").setReceivedAt(Instant.now()).build();
            total += serializer.serialize(topics.paperEvents().name(), e).length;
        }
        return (int) Math.round((double) total / n);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    // ---- load

    /**
     * Open-loop load: every {@link #TICK_MS} the events due at the rate are dated with the tick's
     * instant and handed to a sender without waiting for the ones before; even ticks go through
     * {@code POST /events}, odd ones through {@code events-jsonl}.
     */
    private final class Load implements AutoCloseable {
        private final Ingest ingest;
        private final URI events;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ExecutorService jsonl = Executors.newSingleThreadExecutor(r -> new Thread(r, "e2e-events-jsonl"));
        final AtomicLong httpEvents = new AtomicLong();
        final AtomicLong httpRequests = new AtomicLong();
        final AtomicLong httpFailed = new AtomicLong();
        final AtomicLong jsonlEvents = new AtomicLong();
        final AtomicLong jsonlBatches = new AtomicLong();
        final AtomicLong jsonlFailed = new AtomicLong();
        Tracker tracker;
        private long tick;

        Load(Ingest ingest, int port) {
            this.ingest = ingest;
            this.events = URI.create("http://127.0.0.1:" + port + "/events");
        }

        /** Offers {@code rate} events/s for {@code millis}; returns the events sent and those that failed. */
        long[] run(double rate, long millis, Tracker.StepStats stats) throws InterruptedException {
            long startNs = System.nanoTime();
            long endNs = startNs + TimeUnit.MILLISECONDS.toNanos(millis);
            long sent = 0;
            long failedBefore = httpFailed.get() + jsonlFailed.get();
            for (long t = 0; ; t++) {
                long dueNs = startNs + TimeUnit.MILLISECONDS.toNanos(t * TICK_MS);
                if (dueNs >= endNs) {
                    break;
                }
                long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNs);
                }
                long due = (long) Math.floor(rate * (t + 1) * TICK_MS / 1000.0) - sent;
                if (due <= 0) {
                    continue;
                }
                // Dated when due, not when sent: a sender behind schedule shows as latency.
                long atMs = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(Math.max(0, System.nanoTime() - dueNs));
                List<String> batch = new ArrayList<>((int) due);
                for (int i = 0; i < due; i++) {
                    batch.add(generator.json(atMs));
                }
                tracker.sent(atMs, due, stats);
                sent += due;
                if ((tick++ & 1) == 0) {
                    post(batch);
                } else {
                    jsonl.execute(() -> ingestJsonl(batch));
                }
            }
            return new long[] {sent, httpFailed.get() + jsonlFailed.get() - failedBefore};
        }

        private void post(List<String> batch) {
            for (int from = 0; from < batch.size(); from += HTTP_BATCH) {
                List<String> part = batch.subList(from, Math.min(batch.size(), from + HTTP_BATCH));
                String body = "[" + String.join(",", part) + "]";
                int n = part.size();
                httpRequests.incrementAndGet();
                http.sendAsync(HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            if (error != null || response.statusCode() / 100 != 2) {
                                httpFailed.addAndGet(n);
                                if (httpFailed.get() == n) {
                                    System.err.println("POST /events failed: " + (error != null ? error : response.statusCode() + " " + response.body()));
                                }
                            } else {
                                httpEvents.addAndGet(n);
                            }
                        });
            }
        }

        private void ingestJsonl(List<String> batch) {
            byte[] bytes = (String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                IngestReport report = ingest.sources().ingest(InputFormat.EVENTS_JSONL, new ByteArrayInputStream(bytes), "events.jsonl");
                jsonlBatches.incrementAndGet();
                jsonlEvents.addAndGet(report.published());
                if (report.published() != batch.size()) {
                    jsonlFailed.addAndGet(batch.size() - report.published());
                    System.err.println("events-jsonl batch not all published: " + report.summary());
                }
            } catch (IOException | RuntimeException e) {
                jsonlFailed.addAndGet(batch.size());
                System.err.println("events-jsonl batch failed: " + e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            jsonl.shutdown();
            jsonl.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    // ---- latency

    /**
     * Reads {@code trending-updates} ({@code read_committed}, from its end when started) and gives
     * each sent tick of events its latency when the first global ranking with {@code asOf} at or
     * after the tick's instant arrives.
     */
    private final class Tracker implements AutoCloseable {
        /** Events of one tick: when they were due, how many, and the step measuring them (null: unmeasured). */
        private record Tick(long atMs, long count, StepStats stats) { }

        /** The figures of one step, filled from the consumer's thread. */
        static final class StepStats {
            private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
            final AtomicLong processed = new AtomicLong();
            volatile long processedBy = Long.MAX_VALUE;
            private long pending;

            synchronized Histogram histogram() {
                return histogram.copy();
            }
        }

        private final ArrayDeque<Tick> pending = new ArrayDeque<>();
        private final KafkaConsumer<String, Object> consumer;
        private final Thread thread = new Thread(this::poll, "e2e-trending-updates");
        private volatile boolean closed;

        Tracker() {
            Map<String, Object> config = BenchClients.kafka(o.bootstrapServers(), o.client());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
            var updates = topics.trendingUpdates().valueSerde().deserializer();
            var popularity = topics.paperPopularity().valueSerde().deserializer();
            org.apache.kafka.common.serialization.Deserializer<Object> values = (topic, data) ->
                    topic.equals(topics.paperPopularity().name()) ? popularity.deserialize(topic, data) : updates.deserialize(topic, data);
            consumer = new KafkaConsumer<>(config, topics.trendingUpdates().keySerde().deserializer(), values);
            List<TopicPartition> partitions = consumer.partitionsFor(topics.trendingUpdates().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (TRACE) {
                partitions = new ArrayList<>(partitions);
                for (var p : consumer.partitionsFor(topics.paperPopularity().name())) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        StepStats newStep() {
            return new StepStats();
        }

        synchronized void sent(long atMs, long count, StepStats stats) {
            pending.addLast(new Tick(atMs, count, stats));
            if (stats != null) {
                synchronized (stats) {
                    stats.pending += count;
                }
            }
        }

        /** Waits (load goes on meanwhile) until the step's events are reflected; the rest are recorded at their age now and counted. */
        long closeStep(StepStats stats) {
            synchronized (this) {
                long unreflected = 0;
                long now = System.currentTimeMillis();
                var it = pending.iterator();
                while (it.hasNext()) {
                    Tick t = it.next();
                    if (t.stats() == stats) {
                        synchronized (stats) {
                            stats.histogram.recordValueWithCount(clamp(now - t.atMs()), t.count());
                            stats.pending -= t.count();
                        }
                        unreflected += t.count();
                        it.remove();
                    }
                }
                return unreflected;
            }
        }

        private void poll() {
            try {
                while (!closed) {
                    for (ConsumerRecord<String, ?> r : consumer.poll(Duration.ofMillis(100))) {
                        if (TRACE) {
                            trace(r);
                        }
                        if (!(r.value() instanceof TrendingUpdate u) || !"global".equals(u.getScope())) {
                            continue;
                        }
                        reflected(u.getAsOf().toEpochMilli(), System.currentTimeMillis());
                    }
                }
            } catch (WakeupException e) {
                // closing
            }
        }

        private synchronized void reflected(long asOfMs, long nowMs) {
            while (!pending.isEmpty() && pending.peekFirst().atMs() <= asOfMs) {
                Tick t = pending.pollFirst();
                StepStats s = t.stats();
                if (s != null) {
                    synchronized (s) {
                        s.histogram.recordValueWithCount(clamp(nowMs - t.atMs()), t.count());
                        s.pending -= t.count();
                    }
                    if (nowMs <= s.processedBy) {
                        s.processed.addAndGet(t.count());
                    }
                }
            }
        }

        private final Histogram popularityLag = new Histogram(TimeUnit.MINUTES.toMillis(10), 2);
        private final Histogram updateLag = new Histogram(TimeUnit.MINUTES.toMillis(10), 2);
        private final double[] lastCounts = new double[3];
        private final Histogram rankedLag = new Histogram(TimeUnit.MINUTES.toMillis(10), 2);
        private final Histogram deliveryLag = new Histogram(TimeUnit.MINUTES.toMillis(10), 2);
        private long traced;
        private long lastTraceMs;

        /** With PAPERTRENDS_BENCH_TRACE: how far behind the wall clock paper-popularity and the global rankings arrive, each second. */
        private void trace(ConsumerRecord<String, ?> r) {
            long now = System.currentTimeMillis();
            if (r.value() instanceof TrendingUpdate u) {
                if ("global".equals(u.getScope())) {
                    updateLag.recordValue(clamp(now - u.getAsOf().toEpochMilli()));
                    rankedLag.recordValue(clamp(u.getGeneratedAt().toEpochMilli() - u.getAsOf().toEpochMilli()));
                    deliveryLag.recordValue(clamp(now - u.getGeneratedAt().toEpochMilli()));
                    traced++;
                }
            } else {
                popularityLag.recordValue(clamp(now - r.timestamp()));
            }
            if (now - lastTraceMs >= 1000) {
                System.err.printf("trace: paper-popularity lag p50 %d p99 %d ms (%d records); global updates %d, now-asOf p50 %d ms"
                                + " (generatedAt-asOf %d, now-generatedAt %d)%n",
                        popularityLag.getValueAtPercentile(50), popularityLag.getValueAtPercentile(99), popularityLag.getTotalCount(), traced,
                        updateLag.getValueAtPercentile(50), rankedLag.getValueAtPercentile(50), deliveryLag.getValueAtPercentile(50));
                TRACED.forEach((name, streams) -> System.err.println("trace: " + name + " " + threadRatios(streams)));
                io.micrometer.core.instrument.MeterRegistry trend = TRACED_METERS.get("trend-service");
                if (trend != null) {
                    double candidates = trend.find("papertrends.trend.candidates.sent").counters().stream().mapToDouble(c -> c.count()).sum();
                    double popularity = trend.find("papertrends.trend.popularity.records").counters().stream().mapToDouble(c -> c.count()).sum();
                    double updates = trend.find("papertrends.trend.updates").counters().stream().mapToDouble(c -> c.count()).sum();
                    System.err.printf("trace: trend-service per second: popularity records %.0f, candidate lists sent %.0f, updates %.0f%n",
                            popularity - lastCounts[0], candidates - lastCounts[1], updates - lastCounts[2]);
                    lastCounts[0] = popularity;
                    lastCounts[1] = candidates;
                    lastCounts[2] = updates;
                }
                popularityLag.reset();
                updateLag.reset();
                rankedLag.reset();
                deliveryLag.reset();
                traced = 0;
                lastTraceMs = now;
            }
        }

        /** The stream threads' shares of time (process, punctuate, commit, poll) and the main consumer's largest lag. */
        private static String threadRatios(org.apache.kafka.streams.KafkaStreams streams) {
            Map<String, Double> values = new java.util.TreeMap<>();
            streams.metrics().forEach((name, metric) -> {
                String n = name.name();
                boolean thread = "stream-thread-metrics".equals(name.group())
                        && (n.equals("process-ratio") || n.equals("punctuate-ratio") || n.equals("commit-ratio") || n.equals("poll-ratio")
                        || n.equals("process-rate") || n.equals("commit-latency-avg") || n.equals("punctuate-latency-avg"));
                boolean lag = "consumer-fetch-manager-metrics".equals(name.group()) && n.equals("records-lag-max")
                        && !name.tags().containsKey("topic") && name.tags().getOrDefault("client-id", "").endsWith("-consumer")
                        && !name.tags().getOrDefault("client-id", "").contains("restore");
                if ((thread || lag) && metric.metricValue() instanceof Number v) {
                    values.merge(n, v.doubleValue(), Double::sum);
                }
            });
            StringBuilder out = new StringBuilder();
            values.forEach((k, v) -> out.append(k).append('=').append(String.format(java.util.Locale.ROOT, "%.2f", v)).append(' '));
            return out.toString();
        }

        private static long clamp(long ms) {
            return Math.max(0, Math.min(ms, TimeUnit.MINUTES.toMillis(10)));
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            consumer.wakeup();
            thread.join(5000);
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
