package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.enrich.popularity.WindowSpec;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * {@code bench crash}: exactly-once under {@code kill -9} and a broker restart, after the model of
 * Kafka's own {@code StreamsEosTest}: a known input, services killed and restarted while it
 * flows, then a verification from the input alone.
 *
 * <p>The enrich and trend services run as separate JVMs (the command line, as in production). A
 * known sequence of events (all six types, known and anonymous readers, unique event ids) goes
 * through the ingest path in batches while a killer thread sends SIGKILL to the services at
 * random moments, some shortly after a (re)start, restarts them, and restarts the broker once in
 * the middle. Then the services run once more until they have caught up, one closing event per
 * partition closes every window, they stop cleanly, and {@code paper-popularity} is read with
 * {@code read_committed}: every closed window must carry exactly the brute-force count of the
 * input, once. {@code trending-updates} must be readable to its end (no transaction left open).
 */
public final class CrashBench {
    /** Small windows and a short grace, so many windows close within a run of a minute or two. */
    public static final String WINDOWS = "10m:1m,1h:5m";
    public static final String GRACE = "1m";
    /** Events are dated this much before the wall clock: inside what ingest accepts (largest window + grace), with 90 s to spare. */
    private static final Duration EVENT_LAG = Duration.ofMinutes(59).plusSeconds(30);
    /** Events of one batch are dated up to this much before each other: well inside the grace, so none is late. */
    private static final long JITTER_MS = 20_000;
    /** Distinct readers are exact up to this many per pane (README: Windows); above it the sketch's error is allowed. */
    private static final int EXACT_READERS = 256;
    private static final double SKETCH_TOLERANCE = 0.07;

    /** Restarts the broker on the same data and ports; returns how long it did not serve. */
    @FunctionalInterface
    public interface Broker {
        Duration restart(Duration down);
    }

    /**
     * What to run.
     *
     * @param broker null when the cluster is not ours to restart (then no broker restart)
     * @param dir    run directory: the services' state and logs
     */
    public record Options(String bootstrapServers, String registryUrl, Broker broker, int events, int kills, long seed, int partitions,
                          int papers, int readers, String guarantee, Path dir, Map<String, String> client) {
        public Options {
            client = Map.copyOf(client);
            if (events < 1 || kills < 0 || partitions < 1 || papers < 1 || readers < 1) {
                throw new IllegalArgumentException("events, partitions, papers and readers must be positive, kills 0 or more");
            }
        }
    }

    record Key(String paper, String window, long start) { }

    /** Brute-force value of one window: six counts, anonymous events, named readers. */
    static final class Expected {
        final long[] counts = new long[6];
        long anonymous;
        final Set<String> readers = new HashSet<>();

        long readerCount() {
            return anonymous + readers.size();
        }
    }

    /** One generated event. */
    record Event(String id, String paper, EventType type, String user, long time) {
        String json() {
            StringBuilder sb = new StringBuilder(160).append("{\"eventId\":\"").append(id).append("\",\"paperId\":\"").append(paper)
                    .append("\",\"type\":\"").append(type.name().toLowerCase(Locale.ROOT)).append('"');
            if (user != null) {
                sb.append(",\"userId\":\"").append(user).append('"');
            }
            return sb.append(",\"occurredAt\":\"").append(Instant.ofEpochMilli(time)).append("\"}\n").toString();
        }
    }

    private final Options o;
    private final String prefix;
    private final Topics topics;
    private final PopularityConfig popularity;
    private final Map<String, Object> admin;
    private final long t0 = System.nanoTime();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger earlyKills = new AtomicInteger();
    private final AtomicInteger brokerRestarts = new AtomicInteger();
    private final AtomicReference<Duration> brokerDown = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Throwable> killerFailure = new AtomicReference<>();

    private CrashBench(Options o) {
        this.o = o;
        this.prefix = "crash-" + System.currentTimeMillis() + "-";
        this.topics = Topics.from(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of(Topics.PREFIX_CONFIG, prefix)));
        this.popularity = PopularityConfig.from(Settings.of(Map.of(WindowList.CONFIG, WINDOWS, WindowList.GRACE, GRACE)));
        Map<String, Object> adminConfig = BenchClients.kafka(o.bootstrapServers(), o.client());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        this.admin = Map.copyOf(adminConfig);
    }

    /** Runs the bench, prints its figures and verdict; 0 when nothing was lost, duplicated or mismatched. */
    public static int run(Options o) throws Exception {
        return new CrashBench(o).run();
    }

    private int run() throws Exception {
        System.out.printf("bench crash: %,d events on %d papers, %d readers (10 %% anonymous), %d partitions, windows %s, grace %s, "
                        + "%d kill rounds, seed %d, %s%n", o.events(), o.papers(), o.readers(), o.partitions(), WINDOWS, GRACE, o.kills(), o.seed(),
                o.guarantee());
        System.out.println("run directory (service logs and state): " + o.dir());
        createTopics();
        List<Event> events = generate();
        ServiceProcess enrich = new ServiceProcess("enrich-service", serviceArgs("enrich-service", List.of()), o.dir());
        ServiceProcess trend = new ServiceProcess("trend-service",
                serviceArgs("trend-service", List.of("papertrends.trend.digest.window=1h")), o.dir());
        List<ServiceProcess> services = List.of(enrich, trend);
        Figures f = new Figures();
        try (Ingest ingest = Ingest.open(ingestSettings(), new SimpleMeterRegistry())) {
            enrich.start();
            trend.start();
            // Input and kills at once: the killer thread kills and restarts while the batches go in.
            int batches = Math.max(10, 4 * Math.max(1, o.kills()));
            long inputMillis = Math.max(5_000, o.kills() * 8_000L);
            Thread killer = new Thread(() -> killLoop(services), "crash-killer");
            killer.setDaemon(true);
            long inputStart = System.nanoTime();
            killer.start();
            produce(ingest, events, batches, inputMillis, f);
            killer.join();
            f.inputSeconds = seconds(inputStart);
            if (killerFailure.get() != null) {
                throw new IllegalStateException("the killer thread failed: " + killerFailure.get(), killerFailure.get());
            }
            log("input done: %,d events in %d batches, %d kills, %d broker restart(s)", f.published, batches, kills.get(), brokerRestarts.get());

            // The services one last time: restarted, they catch up, then closing events close every window.
            long catchUp = System.nanoTime();
            restartExited(services);
            for (ServiceProcess s : services) {
                s.start(); // a no-op for one the killer has just started again
            }
            long inputEnd = awaitEnrichCommitted(services, Duration.ofMinutes(4));
            f.inputOffsets = inputEnd;
            f.catchUpSeconds = seconds(catchUp);
            log("enrich caught up on paper-events: committed %,d = end offsets, %,d events published", inputEnd, f.published);
            long closing = closeEveryWindow(ingest, f.lastEventTime);
            f.closingTime = closing;
            awaitEnrichCommitted(services, Duration.ofMinutes(2));
            f.cleanStops += enrich.stop() ? 1 : 0;
            awaitTrendCaughtUp(services, Duration.ofMinutes(2));
            f.cleanStops += trend.stop() ? 1 : 0;
        } finally {
            for (ServiceProcess s : services) {
                s.kill();
            }
        }
        f.starts = enrich.starts + trend.starts;
        f.exits = enrich.exitedByThemselves + trend.exitedByThemselves;
        long verifyStart = System.nanoTime();
        Verdict v = verify(events, f);
        f.verifySeconds = seconds(verifyStart);
        print(f, v);
        return v.lost == 0 && v.duplicated == 0 && v.mismatched == 0 ? 0 : 1;
    }

    // ---- set-up -------------------------------------------------------------------------------

    /** The contract's topics under the run's prefix; events and popularity kept forever (their event times are old). */
    private void createTopics() throws Exception {
        try (Admin a = Admin.create(admin)) {
            List<NewTopic> all = new ArrayList<>();
            for (TopicSpec<?, ?> spec : topics.all()) {
                Map<String, String> config = new HashMap<>(spec.topicConfig());
                if (spec.name().equals(topics.paperEvents().name()) || spec.name().equals(topics.paperPopularity().name())) {
                    config.put("retention.ms", "-1");
                }
                all.add(new NewTopic(spec.name(), o.partitions(), (short) 1).configs(config));
            }
            a.createTopics(all).all().get(60, TimeUnit.SECONDS);
            io.papertrends.stack.LocalStack.awaitLeaders(a, all.stream().map(NewTopic::name).toList());
        }
    }

    private Settings ingestSettings() {
        return Settings.of(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(),
                Map.of(Topics.PREFIX_CONFIG, prefix, WindowList.CONFIG, WINDOWS, WindowList.GRACE, GRACE)));
    }

    private List<String> serviceArgs(String command, List<String> extra) {
        String name = command.replace("-service", "");
        List<String> args = new ArrayList<>(List.of(command, "--bootstrap-servers", o.bootstrapServers(), "--schema-registry-url", o.registryUrl()));
        if (!o.client().isEmpty()) {
            // In a file, not on the command line, where any local user could read the credentials.
            args.addAll(List.of("--config", BenchClients.writeConfig(o.dir().resolve("client.properties"), o.client()).toString()));
        }
        List<String> sets = new ArrayList<>(List.of(
                Topics.PREFIX_CONFIG + "=" + prefix,
                "application.id=" + prefix + name,
                "papertrends.instance=crash-" + name,
                "papertrends.state.dir=" + o.dir().resolve(name + "-state"),
                "papertrends.http.port=0",
                "papertrends.management.port=0",
                WindowList.CONFIG + "=" + WINDOWS,
                WindowList.GRACE + "=" + GRACE,
                // Short transactions, so a kill lands inside many of them; a killed member leaves the group within seconds.
                "commit.interval.ms=100",
                "processing.guarantee=" + o.guarantee(),
                "session.timeout.ms=6000",
                "heartbeat.interval.ms=1500"));
        sets.addAll(extra);
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return args;
    }

    /**
     * The known input: events dated by the wall clock at which their batch is sent (see
     * {@link #EVENT_LAG}), so only papers, types, readers and ids are drawn here; times are set per batch.
     */
    private List<Event> generate() {
        Random random = new Random(o.seed());
        List<Event> events = new ArrayList<>(o.events());
        for (int i = 0; i < o.events(); i++) {
            String paper = String.format(Locale.ROOT, "arxiv:2612.%05d", (int) Math.floor(o.papers() * Math.pow(random.nextDouble(), 2)));
            EventType type = EventType.values()[random.nextInt(6)];
            String user = random.nextInt(10) == 0 ? null : "reader-" + random.nextInt(o.readers());
            events.add(new Event("crash-" + o.seed() + "-" + i, paper, type, user, 0));
        }
        return events;
    }

    // ---- input --------------------------------------------------------------------------------

    private void produce(Ingest ingest, List<Event> events, int batches, long inputMillis, Figures f) throws Exception {
        Random random = new Random(o.seed() ^ 0x1234);
        int per = (events.size() + batches - 1) / batches;
        for (int b = 0, from = 0; from < events.size(); b++, from += per) {
            long batchStart = System.nanoTime();
            List<Event> batch = events.subList(from, Math.min(events.size(), from + per));
            long base = System.currentTimeMillis() - EVENT_LAG.toMillis();
            StringBuilder lines = new StringBuilder(batch.size() * 160);
            for (int i = 0; i < batch.size(); i++) {
                Event e = batch.get(i);
                Event dated = new Event(e.id(), e.paper(), e.type(), e.user(), base - (long) (random.nextDouble() * JITTER_MS));
                batch.set(i, dated);
                lines.append(dated.json());
                f.lastEventTime = Math.max(f.lastEventTime, dated.time());
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; ; attempt++) {
                try {
                    IngestReport report = ingest.sources().ingest(InputFormat.EVENTS_JSONL, new ByteArrayInputStream(bytes), "crash-batch-" + b);
                    if (report.rejected() > 0) {
                        throw new IllegalStateException("ingest rejected events of batch " + b + ": " + report.summary());
                    }
                    if (report.complete()) {
                        f.published += report.published();
                        break;
                    }
                    log("batch %d: %s; sending it again (a re-sent event is counted once)", b, report.summary());
                } catch (IOException | RuntimeException e) {
                    if (attempt >= 5 || e instanceof IllegalStateException && e.getMessage().startsWith("ingest rejected")) {
                        throw e;
                    }
                    log("batch %d: %s; sending it again", b, e);
                }
                f.resentBatches++;
            }
            f.batches++;
            long pause = inputMillis / batches - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - batchStart);
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
    }

    /**
     * Kill rounds: three in ten shortly (0.5-3 s) after the previous restart, while the service
     * is still starting or restoring its state; the others 0.5-4 s after it is RUNNING, amid its
     * transactions. In the middle round the broker restarts first, while both services run.
     */
    private void killLoop(List<ServiceProcess> services) {
        Random random = new Random(o.seed() ^ 0x6b696c6cL);
        try {
            for (int round = 0; round < o.kills(); round++) {
                restartExited(services);
                // The first two rounds kill each service once; then one of them or both.
                List<ServiceProcess> targets = switch (round < 2 ? round : random.nextInt(4)) {
                    case 0, 2 -> List.of(services.get(0));
                    case 1 -> List.of(services.get(1));
                    default -> services;
                };
                if (o.broker() != null && round == o.kills() / 2 && brokerRestarts.get() == 0) {
                    restartBroker(services, random);
                }
                if (random.nextInt(10) < 3) {
                    Thread.sleep(500 + random.nextInt(2_500));
                } else {
                    awaitRunning(targets, Duration.ofSeconds(90));
                    Thread.sleep(500 + random.nextInt(3_500));
                }
                for (ServiceProcess s : targets) {
                    boolean running = s.isRunning();
                    if (s.kill()) {
                        kills.incrementAndGet();
                        if (!running) {
                            earlyKills.incrementAndGet();
                        }
                        log("kill -9 %s, %.1f s after its start, %s", s.name, s.lastRunSeconds(),
                                running ? "RUNNING" : "before RUNNING (starting or restoring)");
                    }
                }
                Thread.sleep(random.nextInt(1_000));
                for (ServiceProcess s : targets) {
                    s.start();
                }
            }
            if (o.broker() != null && brokerRestarts.get() == 0) {
                restartBroker(services, random);
            }
        } catch (Throwable t) {
            killerFailure.set(t);
        }
    }

    private void restartBroker(List<ServiceProcess> services, Random random) throws Exception {
        awaitRunning(services, Duration.ofSeconds(90));
        Thread.sleep(500 + random.nextInt(1_500));
        log("restarting the broker (same data directory and ports) while both services run …");
        Duration down = o.broker().restart(Duration.ofSeconds(2));
        brokerRestarts.incrementAndGet();
        brokerDown.set(down);
        log("broker serving again after %.1f s", down.toMillis() / 1000.0);
    }

    /** Waits until each of {@code services} says RUNNING in its log since its last start (starting again one that exited). */
    private void awaitRunning(List<ServiceProcess> services, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!services.stream().allMatch(ServiceProcess::isRunning)) {
            if (System.nanoTime() > deadline) {
                log("services not RUNNING after %s; going on", timeout);
                return;
            }
            restartExited(services);
            Thread.sleep(100);
        }
    }

    /** A service that stopped by itself (not killed here) is counted and started again. */
    private void restartExited(List<ServiceProcess> services) throws IOException {
        for (ServiceProcess s : services) {
            if (s.exitedByItself()) {
                log("%s exited by itself (code %d); starting it again — see %s", s.name, s.exitCode(), s.log);
                s.start();
            }
        }
    }

    /** Sends one event per partition, dated so that every window of the input has closed, and returns that time. */
    private long closeEveryWindow(Ingest ingest, long lastEventTime) throws IOException {
        long largest = popularity.windows().stream().mapToLong(WindowSpec::sizeMs).max().orElseThrow();
        long closing = Math.max(System.currentTimeMillis(), lastEventTime + largest + popularity.graceMs() + 1_000);
        StringBuilder lines = new StringBuilder();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < o.partitions(); i++) {
            String paper = "arxiv:2612.9" + String.format(Locale.ROOT, "%04d", i);
            int partition = Utils.toPositive(Utils.murmur2(paper.getBytes(StandardCharsets.UTF_8))) % o.partitions();
            if (covered.add(partition)) {
                lines.append(new Event("crash-close-" + i, paper, EventType.VIEW, "closer", closing).json());
            }
        }
        IngestReport report = ingest.sources().ingest(InputFormat.EVENTS_JSONL,
                new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)), "crash-closing");
        if (report.rejected() > 0 || !report.complete()) {
            throw new IllegalStateException("closing events not published: " + report.summary());
        }
        log("closing events sent (one per partition) at event time %s", Instant.ofEpochMilli(closing));
        return closing;
    }

    static boolean isClosingPaper(String paper) {
        return paper.startsWith("arxiv:2612.9");
    }

    // ---- waiting ------------------------------------------------------------------------------

    /** Waits until the enrich application's committed offsets on paper-events reach the end offsets; returns their sum. */
    private long awaitEnrichCommitted(List<ServiceProcess> services, Duration timeout) throws Exception {
        return awaitCommitted(services, prefix + "enrich", topics.paperEvents().name(), timeout);
    }

    private void awaitTrendCaughtUp(List<ServiceProcess> services, Duration timeout) throws Exception {
        awaitCommitted(services, prefix + "trend", topics.paperPopularity().name(), timeout);
    }

    private long awaitCommitted(List<ServiceProcess> services, String group, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin a = Admin.create(admin)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < o.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            while (true) {
                restartExited(services);
                long end = a.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(r -> r.offset()).sum();
                Map<TopicPartition, OffsetAndMetadata> offsets = a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long committed = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (committed >= end) {
                    return end;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " has not caught up on " + topic + " after " + timeout + ": committed "
                            + committed + " of " + end);
                }
                Thread.sleep(250);
            }
        }
    }

    // ---- verification -------------------------------------------------------------------------

    /** Counts of the verification. */
    static final class Verdict {
        int windows;
        int verified;
        int lost;
        int duplicated;
        int mismatched;
        long popularityRecords;
        long finals;
        long trendingRecords = -1;
        double trendingSeconds;
        final List<String> examples = new ArrayList<>();

        void example(String what) {
            if (examples.size() < 10) {
                examples.add(what);
            }
        }
    }

    private Verdict verify(List<Event> events, Figures f) throws Exception {
        Verdict v = new Verdict();
        Map<Key, Expected> expected = expectedWindows(events, popularity, f.closingTime);
        v.windows = expected.size();
        Map<Key, List<PaperPopularity>> finals = new HashMap<>();
        TopicSpec<String, PaperPopularity> spec = topics.paperPopularity();
        long[] read = {0};
        readCommitted(spec.name(), Duration.ofMinutes(2), spec.valueSerde().deserializer(), value -> {
            read[0]++;
            if (value.getClosed() && !isClosingPaper(value.getPaperId())) {
                finals.computeIfAbsent(new Key(value.getPaperId(), value.getWindow(), value.getWindowStart().toEpochMilli()),
                        k -> new ArrayList<>()).add(value);
            }
        }, v, "paper-popularity");
        v.popularityRecords = read[0];
        v.finals = finals.values().stream().mapToLong(List::size).sum();
        Map<String, Long> sizes = new HashMap<>();
        popularity.windows().forEach(w -> sizes.put(w.name(), w.sizeMs()));
        for (var e : expected.entrySet()) {
            List<PaperPopularity> got = finals.getOrDefault(e.getKey(), List.of());
            if (got.isEmpty()) {
                v.lost++;
                v.example("missing final: " + e.getKey());
                continue;
            }
            if (got.size() > 1) {
                v.duplicated++;
                v.example(got.size() + " finals: " + e.getKey());
                continue;
            }
            switch (compare(e.getValue(), got.get(0), sizes.get(e.getKey().window()))) {
                case 0 -> v.verified++;
                case -1 -> {
                    v.lost++;
                    v.example("counts too low: " + e.getKey() + " " + describe(e.getValue()) + " got " + describe(got.get(0)));
                }
                case 1 -> {
                    v.duplicated++;
                    v.example("counts too high: " + e.getKey() + " " + describe(e.getValue()) + " got " + describe(got.get(0)));
                }
                default -> {
                    v.mismatched++;
                    v.example("differs: " + e.getKey() + " " + describe(e.getValue()) + " got " + describe(got.get(0)));
                }
            }
        }
        for (var e : finals.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                v.mismatched++;
                v.example("final of a window the input does not hold: " + e.getKey());
            }
        }
        long start = System.nanoTime();
        long[] trending = {0};
        if (readCommitted(topics.trendingUpdates().name(), Duration.ofMinutes(1), new ByteArrayDeserializer(), value -> trending[0]++, v,
                "trending-updates")) {
            v.trendingRecords = trending[0];
        }
        v.trendingSeconds = seconds(start);
        return v;
    }

    /** 0: equal; -1: some count lower, none higher; 1: some count higher, none lower; 2: otherwise different. */
    static int compare(Expected want, PaperPopularity got, long sizeMs) {
        var c = got.getCounts();
        long[] have = {c.getViews(), c.getDownloads(), c.getUpvotes(), c.getBookmarks(), c.getShares(), c.getCitations()};
        boolean lower = false;
        boolean higher = false;
        for (int i = 0; i < 6; i++) {
            lower |= have[i] < want.counts[i];
            higher |= have[i] > want.counts[i];
        }
        if (lower && !higher) {
            return -1;
        }
        if (higher && !lower) {
            return 1;
        }
        if (lower) {
            return 2;
        }
        boolean readersOk = want.readers.size() <= EXACT_READERS
                ? got.getUniqueReaders() == want.readerCount()
                : Math.abs(got.getUniqueReaders() - want.anonymous - want.readers.size()) <= SKETCH_TOLERANCE * want.readers.size();
        boolean endOk = got.getWindowEnd().toEpochMilli() - got.getWindowStart().toEpochMilli() == sizeMs;
        return readersOk && endOk ? 0 : 2;
    }

    private static String describe(Expected e) {
        return java.util.Arrays.toString(e.counts) + " readers " + e.readerCount();
    }

    private static String describe(PaperPopularity p) {
        var c = p.getCounts();
        return "[" + c.getViews() + ", " + c.getDownloads() + ", " + c.getUpvotes() + ", " + c.getBookmarks() + ", " + c.getShares() + ", "
                + c.getCitations() + "] readers " + p.getUniqueReaders();
    }

    /** Brute force: every window of every spec that holds each event and has closed by {@code closingTime}. */
    static Map<Key, Expected> expectedWindows(List<Event> events, PopularityConfig config, long closingTime) {
        Map<Key, Expected> out = new HashMap<>();
        for (Event e : events) {
            for (WindowSpec spec : config.windows()) {
                for (long start = Math.floorDiv(e.time(), spec.advanceMs()) * spec.advanceMs(); start > e.time() - spec.sizeMs();
                     start -= spec.advanceMs()) {
                    if (start + spec.sizeMs() + config.graceMs() > closingTime) {
                        continue;
                    }
                    Expected x = out.computeIfAbsent(new Key(e.paper(), spec.name(), start), k -> new Expected());
                    x.counts[e.type().ordinal()]++;
                    if (e.user() == null) {
                        x.anonymous++;
                    } else {
                        x.readers.add(e.user());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reads {@code topic} from the start with {@code read_committed} up to its end. The end is the
     * high watermark: the last stable offset must reach it (no transaction left open) within {@code timeout}.
     */
    private <V> boolean readCommitted(String topic, Duration timeout, org.apache.kafka.common.serialization.Deserializer<V> values,
                                      java.util.function.Consumer<V> each, Verdict v, String name) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < o.partitions(); p++) {
            partitions.add(new TopicPartition(topic, p));
            latest.put(partitions.get(p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        try (Admin a = Admin.create(admin)) {
            a.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, r) -> end.put(tp, r.offset()));
        }
        Map<String, Object> config = new HashMap<>(admin);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), values)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<byte[], V> r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r.value());
                }
                boolean done = true;
                for (TopicPartition tp : partitions) {
                    done &= consumer.position(tp) >= end.get(tp);
                }
                if (done) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    StringBuilder where = new StringBuilder();
                    for (TopicPartition tp : partitions) {
                        where.append(' ').append(tp.partition()).append(':').append(consumer.position(tp)).append('/').append(end.get(tp));
                    }
                    v.mismatched++;
                    v.example(name + ": read_committed did not reach the end within " + timeout + " (a transaction left open?):" + where);
                    return false;
                }
            }
        }
    }

    // ---- report -------------------------------------------------------------------------------

    /** Figures of the run. */
    static final class Figures {
        long published;
        int batches;
        int resentBatches;
        long inputOffsets;
        long lastEventTime = Long.MIN_VALUE;
        long closingTime;
        int starts;
        int exits;
        int cleanStops;
        double inputSeconds;
        double catchUpSeconds;
        double verifySeconds;
    }

    private void print(Figures f, Verdict v) {
        System.out.println();
        System.out.printf("%-48s %s%n", "figure", "value");
        row("events published through ingest", String.format("%,d in %d batches (%d sent again), rejected 0", f.published, f.batches,
                f.resentBatches));
        row("paper-events end offsets (before closing)", String.format("%,d", f.inputOffsets));
        row("SIGKILLs (before RUNNING / while RUNNING)", String.format("%d (%d / %d)", kills.get(), earlyKills.get(),
                kills.get() - earlyKills.get()));
        row("service starts / exits by themselves", String.format("%d / %d", f.starts, f.exits));
        row("broker restarts (not serving)", o.broker() == null ? "0 (a cluster given by --bootstrap-servers is not restarted)"
                : String.format("%d (%.1f s)", brokerRestarts.get(), brokerDown.get().toMillis() / 1000.0));
        row("clean stops at the end", f.cleanStops + " of 2");
        row("paper-popularity records (read_committed)", String.format("%,d, of them %,d finals (closed)", v.popularityRecords, v.finals));
        row("windows expected closed (brute force)", String.format("%,d, verified %,d", v.windows, v.verified));
        row("trending-updates records (read_committed)", v.trendingRecords < 0 ? "NOT READ TO THE END"
                : String.format("%,d, read to the end in %.1f s", v.trendingRecords, v.trendingSeconds));
        row("seconds: input+kills / catch-up / verify / all", String.format("%.1f / %.1f / %.1f / %.1f", f.inputSeconds, f.catchUpSeconds,
                f.verifySeconds, seconds(t0)));
        for (String e : v.examples) {
            System.out.println("  " + e);
        }
        System.out.printf("crash: events=%d windows=%d verified=%d kills=%d broker-restarts=%d lost=%d duplicated=%d mismatched=%d%n",
                f.published, v.windows, v.verified, kills.get(), brokerRestarts.get(), v.lost, v.duplicated, v.mismatched);
    }

    private static void row(String name, String value) {
        System.out.printf("%-48s %s%n", name, value);
    }

    private void log(String format, Object... args) {
        System.out.printf("[%6.1fs] %s%n", seconds(t0), String.format(format, args));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    // ---- a service in its own JVM -------------------------------------------------------------

    /** One service run as {@code java -cp <this JVM's classpath> io.papertrends.cli.PaperTrends <command> …}, its output appended to a log. */
    static final class ServiceProcess {
        final String name;
        final Path log;
        private final List<String> command;
        private Process process;
        private long startedAt;
        private long logOffset;
        private boolean killedHere;
        int starts;
        int exitedByThemselves;

        ServiceProcess(String name, List<String> args, Path dir) throws IOException {
            this(name, List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), args, dir);
        }

        /** @param jvm the JVM's own options (heap, GC, logging) */
        ServiceProcess(String name, List<String> jvm, List<String> args, Path dir) throws IOException {
            this.name = name;
            this.log = dir.resolve(name + ".log");
            Files.createDirectories(dir);
            this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            this.command.addAll(jvm);
            this.command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.papertrends.cli.PaperTrends"));
            this.command.addAll(args);
        }

        /** The process id of the last start; -1 before the first. */
        synchronized long pid() {
            return process == null ? -1 : process.pid();
        }

        synchronized void start() throws IOException {
            if (process != null && process.isAlive()) {
                return;
            }
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "---- start " + (starts + 1) + " at " + Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            startedAt = System.nanoTime();
            killedHere = false;
            starts++;
        }

        /** Whether the service logged that Kafka Streams is RUNNING since its last start, and is alive. */
        synchronized boolean isRunning() {
            if (process == null || !process.isAlive()) {
                return false;
            }
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
                file.seek(logOffset);
                byte[] tail = new byte[(int) Math.max(0, file.length() - logOffset)];
                file.readFully(tail);
                return new String(tail, StandardCharsets.UTF_8).contains("-> RUNNING");
            } catch (IOException e) {
                return false;
            }
        }

        Duration sinceStart() {
            return Duration.ofNanos(System.nanoTime() - startedAt);
        }

        double lastRunSeconds() {
            return sinceStart().toMillis() / 1000.0;
        }

        /** SIGKILL ({@code destroyForcibly} on Linux); true when it was running. */
        synchronized boolean kill() throws InterruptedException {
            if (process == null || !process.isAlive()) {
                return false;
            }
            killedHere = true;
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return true;
        }

        /** SIGTERM and a wait for the service to close; true when it exited by itself within 60 s (else it is killed). */
        synchronized boolean stop() throws InterruptedException {
            if (process == null || !process.isAlive()) {
                return false;
            }
            killedHere = true;
            process.destroy();
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return false;
        }

        synchronized boolean exitedByItself() {
            if (process != null && !process.isAlive() && !killedHere) {
                exitedByThemselves++;
                killedHere = true; // counted once
                return true;
            }
            return false;
        }

        synchronized int exitCode() {
            return process == null || process.isAlive() ? -1 : process.exitValue();
        }
    }
}
