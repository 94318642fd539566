package io.papertrends.bench;

import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.bench.CrashBench.ServiceProcess;
import io.papertrends.config.WindowList;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code bench scale}: what a large catalogue and a long history cost the enrich and trend
 * services, each run as its own JVM with a bounded heap, as in production.
 *
 * <p>Generated papers and reader events go straight onto the contract's topics with the
 * project's Avro serdes (ingest's throughput is {@code bench ingest}'s figure), before any
 * service runs. Then, one stage at a time on the same backlog: the enrich service until its
 * group has committed the end of {@code papers} and {@code paper-events}; the trend service until
 * its group has committed the end of {@code papers-enriched}, {@code paper-popularity} and its
 * repartition topics. Each service is stopped cleanly, its local state measured per store (and
 * its changelogs on the broker), then its state directory deleted and the service started again:
 * the time to RUNNING is the restore from the changelogs. Peak heap comes from the service's GC
 * log, peak RSS from {@code VmHWM}, CPU time from {@code /proc/<pid>/stat}.
 */
public final class ScaleBench {
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * What to run.
     *
     * @param hours event-time span of the events, ending at the wall clock when they are generated
     * @param heap  {@code -Xmx} of each service
     * @param settings service settings ({@code --set}) on top of the bench's
     */
    public record Options(String bootstrapServers, String registryUrl, Map<String, String> client, Path dir, long papers, long events,
                          double hours, int readers, int partitions, int abstractChars, long seed, String heap, Map<String, String> settings) {
        public Options {
            client = Map.copyOf(client);
            settings = Map.copyOf(settings);
            if (papers < 1 || events < 0 || hours <= 0 || readers < 1 || partitions < 1 || abstractChars < 1) {
                throw new IllegalArgumentException("papers, readers, partitions, abstract length must be positive, hours above 0, events 0 or more");
            }
        }
    }

    /** One service's figures. */
    static final class ServiceFigures {
        final String name;
        double toRunningSeconds;
        double caughtUpSeconds;
        final Map<String, Double> caughtUpByTopic = new LinkedHashMap<>();
        double cpuSeconds;
        Heap heap = Heap.NONE;
        /** Live heap after a full collection once caught up ({@code jcmd GC.class_histogram}), and its three largest classes. */
        String liveAtEnd = "-";
        long rssKiB;
        long stateBytes;
        final Map<String, Long> storeBytes = new TreeMap<>();
        final Map<String, Long> changelogBytes = new TreeMap<>();
        double restoreSeconds = -1;
        long restoredStateBytes;
        Heap restoreHeap = Heap.NONE;
        long restoreRssKiB;
        boolean cleanStop;

        ServiceFigures(String name) {
            this.name = name;
        }
    }

    /** From a GC log: the most heap used when a collection began, the most left after one, the most committed. */
    record Heap(long peakUsedMiB, long peakLiveMiB, long committedMiB, int collections) {
        static final Heap NONE = new Heap(0, 0, 0, 0);
    }

    private final Options o;
    private final String prefix;
    private final Topics topics;
    private final Map<String, Object> admin;
    private final long t0 = System.nanoTime();

    private ScaleBench(Options o) {
        this.o = o;
        this.prefix = "scale-" + System.currentTimeMillis() + "-";
        this.topics = Topics.from(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of(Topics.PREFIX_CONFIG, prefix)));
        Map<String, Object> adminConfig = BenchClients.kafka(o.bootstrapServers(), o.client());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        this.admin = Map.copyOf(adminConfig);
    }

    /** Runs the bench and prints its tables; 0 when both services caught up and restored. */
    public static int run(Options o) throws Exception {
        return new ScaleBench(o).run();
    }

    private int run() throws Exception {
        System.out.printf("bench scale: %,d papers, %,d events over the last %s h (%,d readers, 1 in 10 anonymous), %d partitions, "
                        + "windows %s, services in their own JVMs with -Xmx%s%n", o.papers(), o.events(), fmt(o.hours()), o.readers(),
                o.partitions(), o.settings().getOrDefault(WindowList.CONFIG, WindowList.DEFAULTS), o.heap());
        System.out.println("run directory (service logs, GC logs, state): " + o.dir());
        Files.createDirectories(o.dir());
        createTopics();

        long start = System.nanoTime();
        long paperBytes = producePapers();
        double papersSeconds = seconds(start);
        log("papers produced: %,d (%,d bytes of Avro values) in %.1f s", o.papers(), paperBytes, papersSeconds);
        start = System.nanoTime();
        long eventBytes = produceEvents();
        double eventsSeconds = seconds(start);
        log("events produced: %,d (%,d bytes of Avro values) in %.1f s", o.events(), eventBytes, eventsSeconds);

        ServiceFigures enrich = new ServiceFigures("enrich-service");
        ServiceFigures trend = new ServiceFigures("trend-service");
        ServiceProcess enrichProcess = process(enrich.name);
        ServiceProcess trendProcess = process(trend.name);
        boolean ok = true;
        try {
            ok &= stage(enrichProcess, enrich, List.of(topics.papers().name(), topics.paperEvents().name()));
            Popularity popularity = readPopularity();
            log("paper-popularity: %,d records (%,d closed windows), by window %s", popularity.records, popularity.closed, popularity.byWindow);
            ok &= stage(trendProcess, trend, List.of(topics.papersEnriched().name(), topics.paperPopularity().name()));
            Map<String, Long> sinks = new LinkedHashMap<>();
            for (String t : List.of(topics.trendingUpdates().name(), topics.trendingKeywords().name(), topics.trendingDigest().name())) {
                sinks.put(t.substring(prefix.length()), endOffsets(t));
            }
            measureChangelogs(List.of(enrich, trend));
            if (ok) {
                ok &= restore(enrichProcess, enrich, List.of(topics.papers().name(), topics.paperEvents().name()));
                ok &= restore(trendProcess, trend, List.of(topics.papersEnriched().name(), topics.paperPopularity().name()));
            }
            print(papersSeconds, paperBytes, eventsSeconds, eventBytes, popularity, sinks, List.of(enrich, trend), ok);
        } finally {
            enrichProcess.kill();
            trendProcess.kill();
        }
        return ok ? 0 : 1;
    }

    // ---- input --------------------------------------------------------------------------------

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

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = BenchClients.kafka(o.bootstrapServers(), o.client());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }

    static String paperId(long i) {
        return "arxiv:" + SyntheticPapers.arxivId(i);
    }

    /** The synthetic papers of {@link SyntheticPapers} as {@code Paper} records; returns the bytes of their values. */
    private long producePapers() {
        TopicSpec<String, Paper> spec = topics.papers();
        SplittableRandom random = new SplittableRandom(o.seed());
        StringBuilder sb = new StringBuilder(o.abstractChars() + 64);
        long bytes = 0;
        Instant now = Instant.now();
        try (KafkaProducer<String, Paper> producer = new KafkaProducer<>(producerConfig(), spec.keySerde().serializer(),
                spec.valueSerde().serializer())) {
            for (long i = 0; i < o.papers(); i++) {
                SyntheticPapers.Fields f = SyntheticPapers.fields(i, random, o.abstractChars(), sb);
                Paper paper = Paper.newBuilder().setId(paperId(i)).setTitle(f.title()).setAbstractText(f.abstractText())
                        .setAuthors(f.authors()).setCategories(f.categories()).setPublishedAt(f.publishedAt()).setArxivId(f.arxivId())
                        .setArxivVersion(1).setUrl("https://arxiv.org/abs/" + f.arxivId()).setSource("bench-scale")
                        .setContentHash(Long.toHexString(o.seed() * 31 + i) + "-" + Integer.toHexString(f.abstractText().hashCode()))
                        .setIngestedAt(now).build();
                producer.send(new ProducerRecord<>(spec.name(), paper.getId(), paper));
                bytes += f.abstractText().length() + f.title().length() + 120;
            }
            producer.flush();
        }
        return bytes;
    }

    /**
     * Events in event-time order over the last {@code hours} up to now (each up to 30 s earlier
     * than its place, well inside the grace): Zipf-like over the papers (paper {@code
     * floor(papers · u³)}), the six types alike, one in ten anonymous.
     */
    private long produceEvents() {
        TopicSpec<String, PaperEvent> spec = topics.paperEvents();
        SplittableRandom random = new SplittableRandom(o.seed() ^ 0x5ca1eL);
        long end = System.currentTimeMillis();
        long span = (long) (o.hours() * 3_600_000L);
        long begin = end - span;
        EventType[] types = {EventType.VIEW, EventType.DOWNLOAD, EventType.UPVOTE, EventType.BOOKMARK, EventType.SHARE, EventType.CITATION};
        long bytes = 0;
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(producerConfig(), spec.keySerde().serializer(),
                spec.valueSerde().serializer())) {
            for (long i = 0; i < o.events(); i++) {
                long t = Math.max(begin, begin + (long) ((double) i / o.events() * span) - random.nextInt(30_000));
                String paper = paperId((long) Math.floor(o.papers() * Math.pow(random.nextDouble(), 3)));
                String user = random.nextInt(10) == 0 ? null : "reader-" + random.nextInt(o.readers());
                Instant at = Instant.ofEpochMilli(t);
                PaperEvent e = PaperEvent.newBuilder().setEventId("scale-" + i).setPaperId(paper).setType(types[random.nextInt(6)])
                        .setUserId(user).setOccurredAt(at).setSource("bench-scale").setReceivedAt(at).build();
                producer.send(new ProducerRecord<>(spec.name(), paper, e));
                bytes += 60 + paper.length() + (user == null ? 0 : user.length());
            }
            producer.flush();
        }
        return bytes;
    }

    // ---- services -----------------------------------------------------------------------------

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ServiceProcess process(String command) throws IOException {
        String name = command.replace("-service", "");
        List<String> jvm = List.of("-Xmx" + o.heap(), "-Xlog:gc:file=" + o.dir().resolve(command + "-gc-%p.log") + ":uptime");
        List<String> args = new ArrayList<>(List.of(command, "--bootstrap-servers", o.bootstrapServers(), "--schema-registry-url", o.registryUrl()));
        if (!o.client().isEmpty()) {
            args.addAll(List.of("--config", BenchClients.writeConfig(o.dir().resolve("client.properties"), o.client()).toString()));
        }
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put(Topics.PREFIX_CONFIG, prefix);
        sets.put("application.id", prefix + name);
        sets.put("papertrends.instance", "scale-" + name);
        sets.put("papertrends.state.dir", stateDir(command).toString());
        sets.put("papertrends.http.port", "0");
        sets.put("papertrends.management.port", "0");
        // A member closed cleanly does not leave its group (Kafka Streams' default): the restart
        // waits until its session has expired, so a short session keeps that wait out of the restore.
        sets.put("session.timeout.ms", "10000");
        sets.put("heartbeat.interval.ms", "2500");
        sets.putAll(o.settings());
        sets.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return new ServiceProcess(command, jvm, args, o.dir());
    }

    private Path stateDir(String service) {
        return o.dir().resolve(service + "-state");
    }

    private String group(String service) {
        return prefix + service.replace("-service", "");
    }

    /** Starts the service on the backlog, waits until it has caught up, stops it cleanly and measures its state. */
    private boolean stage(ServiceProcess p, ServiceFigures f, List<String> inputs) throws Exception {
        log("%s: starting on the backlog …", f.name);
        long start = System.nanoTime();
        p.start();
        if (!awaitRunning(p, Duration.ofMinutes(10))) {
            log("%s did not reach RUNNING: see %s", f.name, p.log);
            return false;
        }
        f.toRunningSeconds = seconds(start);
        boolean caughtUp = awaitCaughtUp(p, group(f.name), inputs, start, f.caughtUpByTopic);
        f.caughtUpSeconds = seconds(start);
        long pid = p.pid();
        f.cpuSeconds = cpuSeconds(pid);
        f.rssKiB = peakRssKiB(pid);
        f.liveAtEnd = liveHeap(pid);
        f.cleanStop = p.stop();
        f.heap = heap(pid);
        f.storeBytes.putAll(storeBytes(stateDir(f.name)));
        f.stateBytes = treeBytes(stateDir(f.name));
        log("%s: %s in %.1f s (RUNNING after %.1f s), CPU %.1f s, peak heap %,d MiB (live %,d MiB), peak RSS %,d MiB, state %,d bytes",
                f.name, caughtUp ? "caught up" : "NOT caught up", f.caughtUpSeconds, f.toRunningSeconds, f.cpuSeconds, f.heap.peakUsedMiB(),
                f.heap.peakLiveMiB(), f.rssKiB / 1024, f.stateBytes);
        return caughtUp && f.cleanStop;
    }

    /** Deletes the service's local state, starts it again and times its restore from the changelogs until RUNNING. */
    private boolean restore(ServiceProcess p, ServiceFigures f, List<String> inputs) throws Exception {
        awaitEmptyGroup(group(f.name));
        deleteTree(stateDir(f.name));
        log("%s: local state deleted; starting again to restore from the changelogs …", f.name);
        long start = System.nanoTime();
        p.start();
        if (!awaitRunning(p, Duration.ofMinutes(20))) {
            log("%s did not reach RUNNING after the restart: see %s", f.name, p.log);
            return false;
        }
        f.restoreSeconds = seconds(start);
        boolean caughtUp = awaitCaughtUp(p, group(f.name), inputs, start, new LinkedHashMap<>());
        long pid = p.pid();
        f.restoreRssKiB = peakRssKiB(pid);
        p.stop();
        f.restoreHeap = heap(pid);
        f.restoredStateBytes = treeBytes(stateDir(f.name));
        log("%s: restored and RUNNING %.1f s after its start, state %,d bytes", f.name, f.restoreSeconds, f.restoredStateBytes);
        return caughtUp;
    }

    /** Waits (up to a minute) until the stopped service's member has left the group, so that the restart does not wait for it. */
    private void awaitEmptyGroup(String group) throws Exception {
        long start = System.nanoTime();
        try (Admin a = Admin.create(admin)) {
            while (seconds(start) < 60) {
                var description = a.describeConsumerGroups(List.of(group)).all().get(60, TimeUnit.SECONDS).get(group);
                if (description.members().isEmpty()) {
                    break;
                }
                Thread.sleep(250);
            }
        }
        log("%s: group empty after %.1f s (the stopped member's session expired)", group, seconds(start));
    }

    private boolean awaitRunning(ServiceProcess p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!p.isRunning()) {
            if (p.exitedByItself() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /**
     * Waits until the group's committed offsets reach the end offsets of {@code inputs} and of the
     * other topics it commits (its repartition topics), twice in a row; records when each input
     * was first caught up. False when the service exits by itself or 12 hours pass.
     */
    private boolean awaitCaughtUp(ServiceProcess p, String group, List<String> inputs, long start, Map<String, Double> byTopic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(12);
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int inARow = 0;
        try (Admin a = Admin.create(admin)) {
            while (true) {
                if (p.exitedByItself()) {
                    log("%s exited by itself (code %d): see %s", p.name, p.exitCode(), p.log);
                    return false;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(60, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : inputs) {
                    for (int i = 0; i < o.partitions(); i++) {
                        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
                    }
                }
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<String, long[]> byName = new LinkedHashMap<>(); // topic -> {committed, end}
                a.listOffsets(latest).all().get(60, TimeUnit.SECONDS).forEach((tp, r) -> {
                    OffsetAndMetadata c = committed.get(tp);
                    long[] sums = byName.computeIfAbsent(tp.topic(), t -> new long[2]);
                    sums[0] += c == null ? 0 : Math.min(c.offset(), r.offset());
                    sums[1] += r.offset();
                });
                boolean all = true;
                for (var e : byName.entrySet()) {
                    boolean done = e.getValue()[0] >= e.getValue()[1];
                    all &= done;
                    if (done && inputs.contains(e.getKey())) {
                        byTopic.putIfAbsent(e.getKey().substring(prefix.length()), seconds(start));
                    }
                }
                inARow = all ? inARow + 1 : 0;
                if (inARow >= 2) {
                    return true;
                }
                if (System.nanoTime() > nextReport) {
                    nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    StringBuilder progress = new StringBuilder();
                    byName.forEach((t, s) -> progress.append(String.format(" %s %,d/%,d", t.startsWith(prefix) ? t.substring(prefix.length()) : t,
                            s[0], s[1])));
                    log("%s: committed/end%s", p.name, progress);
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(500);
            }
        }
    }

    // ---- measurements -------------------------------------------------------------------------

    /** {@code jcmd <pid> GC.class_histogram} (a full collection first): the live heap and its three largest classes. */
    static String liveHeap(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "GC.class_histogram").redirectErrorStream(true).start();
            List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return histogramSummary(lines);
        } catch (IOException e) {
            return "-";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "-";
        }
    }

    /** "{@code 123 MiB: byte[] 40 MiB, …}" from the lines of a class histogram. */
    static String histogramSummary(List<String> lines) {
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
        Pattern total = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");
        List<String> top = new ArrayList<>();
        String all = null;
        for (String line : lines) {
            Matcher m = row.matcher(line);
            if (m.find() && top.size() < 3) {
                top.add(m.group(2).replaceAll(" \\(.*", "") + " " + Long.parseLong(m.group(1)) / (1024 * 1024) + " MiB");
            }
            Matcher t = total.matcher(line);
            if (t.find()) {
                all = Long.parseLong(t.group(1)) / (1024 * 1024) + " MiB";
            }
        }
        return all == null ? "-" : all + " (" + String.join(", ", top) + ")";
    }

    /** utime + stime of a live process, in seconds; 0 when it cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of stat(5)); utime and stime are fields 14 and 15.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** VmHWM (the peak resident set) of a live process, in KiB; 0 when it cannot be read. */
    static long peakRssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private Heap heap(long pid) throws IOException {
        try (Stream<Path> files = Files.list(o.dir())) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().contains("-gc-" + pid + ".log")).toList();
            return logs.isEmpty() ? Heap.NONE : parseGcLog(Files.readAllLines(logs.get(0), StandardCharsets.UTF_8));
        }
    }

    /** The heap figures of {@code -Xlog:gc} lines such as {@code Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(256M) 3.1ms}. */
    static Heap parseGcLog(List<String> lines) {
        long used = 0;
        long live = 0;
        long committed = 0;
        int collections = 0;
        for (String line : lines) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                used = Math.max(used, Long.parseLong(m.group(1)));
                live = Math.max(live, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
            }
        }
        return new Heap(used, live, committed, collections);
    }

    /**
     * Bytes on disk per store: {@code <state.dir>/<application.id>/<task>/rocksdb/<store>} for
     * key-value stores, {@code <state.dir>/<application.id>/<task>/<store>} for segmented ones,
     * summed over tasks.
     */
    static Map<String, Long> storeBytes(Path stateDir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.isDirectory(stateDir)) {
            return out;
        }
        try (Stream<Path> apps = Files.list(stateDir)) {
            for (Path app : apps.filter(Files::isDirectory).toList()) {
                try (Stream<Path> tasks = Files.list(app)) {
                    for (Path task : tasks.filter(t -> Files.isDirectory(t) && t.getFileName().toString().matches("\\d+_\\d+")).toList()) {
                        try (Stream<Path> children = Files.list(task)) {
                            for (Path child : children.filter(Files::isDirectory).toList()) {
                                if (child.getFileName().toString().equals("rocksdb")) {
                                    try (Stream<Path> stores = Files.list(child)) {
                                        for (Path store : stores.filter(Files::isDirectory).toList()) {
                                            out.merge(store.getFileName().toString(), treeBytes(store), Long::sum);
                                        }
                                    }
                                } else {
                                    out.merge(child.getFileName().toString(), treeBytes(child), Long::sum);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static long treeBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a file RocksDB removed meanwhile
                }
            }).sum();
        }
    }

    /** Bytes of each service's changelog topics on the broker(s), by store ({@code <application.id>-<store>-changelog}). */
    private void measureChangelogs(List<ServiceFigures> services) throws Exception {
        try (Admin a = Admin.create(admin)) {
            List<Integer> brokers = a.describeCluster().nodes().get(60, TimeUnit.SECONDS).stream().map(Node::id).toList();
            Map<String, Long> byTopic = new HashMap<>();
            for (Map<String, LogDirDescription> dirs : a.describeLogDirs(brokers).allDescriptions().get(60, TimeUnit.SECONDS).values()) {
                for (LogDirDescription d : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                        byTopic.merge(r.getKey().topic(), r.getValue().size(), Long::sum);
                    }
                }
            }
            for (ServiceFigures f : services) {
                String app = group(f.name) + "-";
                byTopic.forEach((topic, bytes) -> {
                    if (topic.startsWith(app) && topic.endsWith("-changelog")) {
                        f.changelogBytes.put(topic.substring(app.length(), topic.length() - "-changelog".length()), bytes);
                    }
                });
            }
        }
    }

    private long endOffsets(String topic) throws Exception {
        try (Admin a = Admin.create(admin)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < o.partitions(); i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            return a.listOffsets(latest).all().get(60, TimeUnit.SECONDS).values().stream().mapToLong(r -> r.offset()).sum();
        }
    }

    /** What enrich wrote to {@code paper-popularity}: records, closed windows, records by window. */
    record Popularity(long records, long closed, Map<String, Long> byWindow) { }

    private Popularity readPopularity() throws Exception {
        TopicSpec<String, PaperPopularity> spec = topics.paperPopularity();
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < o.partitions(); i++) {
            partitions.add(new TopicPartition(spec.name(), i));
        }
        Map<String, Object> config = new HashMap<>(admin);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long records = 0;
        long closed = 0;
        Map<String, Long> byWindow = new TreeMap<>();
        try (KafkaConsumer<byte[], PaperPopularity> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                spec.valueSerde().deserializer())) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            Map<TopicPartition, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                end.put(tp, consumer.position(tp));
            }
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], PaperPopularity> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    if (r.value().getClosed()) {
                        closed++;
                    }
                    byWindow.merge(r.value().getWindow(), 1L, Long::sum);
                }
            }
        }
        return new Popularity(records, closed, byWindow);
    }

    // ---- report -------------------------------------------------------------------------------

    private void print(double papersSeconds, long paperBytes, double eventsSeconds, long eventBytes, Popularity popularity,
                       Map<String, Long> sinks, List<ServiceFigures> services, boolean ok) {
        ServiceFigures enrich = services.get(0);
        ServiceFigures trend = services.get(1);
        System.out.println();
        System.out.printf("%-52s %10s %10s %14s %12s%n", "stage", "wall s", "CPU s", "records in", "records/s");
        stageRow("produce papers (Avro, straight to papers)", papersSeconds, 0, Double.NaN, o.papers());
        stageRow("produce events (Avro, straight to paper-events)", eventsSeconds, 0, Double.NaN, o.events());
        stageRow("enrich: papers caught up (keyphrases)", enrich.caughtUpByTopic.getOrDefault("papers", Double.NaN), enrich.toRunningSeconds,
                Double.NaN, o.papers());
        stageRow("enrich: paper-events caught up (windows)", enrich.caughtUpByTopic.getOrDefault("paper-events", Double.NaN),
                enrich.toRunningSeconds, Double.NaN, o.events());
        stageRow("enrich-service, both inputs", enrich.caughtUpSeconds, enrich.toRunningSeconds, enrich.cpuSeconds, o.papers() + o.events());
        stageRow("trend-service, papers-enriched + paper-popularity", trend.caughtUpSeconds, trend.toRunningSeconds, trend.cpuSeconds,
                o.papers() + popularity.records());
        System.out.println("wall: from the service's JVM start until its group committed the end of every input; records/s over the time "
                + "after RUNNING (" + String.format("%.1f s / %.1f s", enrich.toRunningSeconds, trend.toRunningSeconds)
                + " after the start); CPU: the whole JVM's, start included.");
        System.out.printf("paper-popularity: %,d records from %,d events (%,d closed windows), by window %s%n", popularity.records(), o.events(),
                popularity.closed(), popularity.byWindow());
        StringBuilder out = new StringBuilder();
        sinks.forEach((t, n) -> out.append(String.format("%s %,d, ", t, n)));
        System.out.println("sink offsets (transaction markers included): " + out.substring(0, Math.max(0, out.length() - 2)));

        System.out.println();
        System.out.printf("%-16s %13s %13s %13s %12s %7s %11s %11s %11s %11s%n", "service", "peak heap MiB", "live heap MiB",
                "committed MiB", "peak RSS MiB", "GCs", "start s", "restore s", "restore MiB", "restore RSS");
        for (ServiceFigures f : services) {
            System.out.printf("%-16s %,13d %,13d %,13d %,12d %,7d %11s %11s %,11d %,11d%n", f.name, f.heap.peakUsedMiB(), f.heap.peakLiveMiB(),
                    f.heap.committedMiB(), f.rssKiB / 1024, f.heap.collections(), fmt1(f.toRunningSeconds),
                    f.restoreSeconds < 0 ? "-" : fmt1(f.restoreSeconds), f.restoreHeap.peakUsedMiB(), f.restoreRssKiB / 1024);
        }
        System.out.println("peak heap: most used when a collection began; live: most left after one; both from -Xlog:gc, limit -Xmx"
                + o.heap() + ". RSS: VmHWM.");
        for (ServiceFigures f : services) {
            System.out.printf("%s live heap once caught up, after a full collection: %s%n", f.name, f.liveAtEnd);
        }
        System.out.println("start: JVM start to RUNNING on empty state (the first run); restore: the same with the local state deleted, "
                + "rebuilt from the changelogs (restore MiB / RSS: that run's peak heap and RSS).");

        System.out.println();
        System.out.printf("%-16s %-40s %16s %16s%n", "service", "store", "local bytes", "changelog bytes");
        for (ServiceFigures f : services) {
            java.util.Set<String> stores = new java.util.TreeSet<>(f.storeBytes.keySet());
            stores.addAll(f.changelogBytes.keySet());
            for (String s : stores) {
                System.out.printf("%-16s %-40s %,16d %16s%n", f.name, s, f.storeBytes.getOrDefault(s, 0L),
                        f.changelogBytes.containsKey(s) ? String.format("%,d", f.changelogBytes.get(s)) : "-");
            }
            System.out.printf("%-16s %-40s %,16d %,16d%n", f.name, "(state dir in all; restored)", f.stateBytes,
                    f.changelogBytes.values().stream().mapToLong(Long::longValue).sum());
            System.out.printf("%-16s %-40s %,16d%n", f.name, "(state dir after the restore)", f.restoredStateBytes);
        }
        System.out.printf("scale: papers=%d events=%d hours=%s enrich-s=%.1f trend-s=%.1f popularity-records=%d max-peak-heap-mib=%d "
                        + "max-rss-mib=%d restore-s=%.1f/%.1f %s%n", o.papers(), o.events(), fmt(o.hours()), enrich.caughtUpSeconds,
                trend.caughtUpSeconds, popularity.records(), Math.max(enrich.heap.peakUsedMiB(), trend.heap.peakUsedMiB()),
                Math.max(enrich.rssKiB, trend.rssKiB) / 1024, enrich.restoreSeconds, trend.restoreSeconds, ok ? "ok" : "FAILED");
    }

    private static void stageRow(String name, double wall, double notWorking, double cpu, long records) {
        double working = wall - notWorking;
        System.out.printf("%-52s %10s %10s %,14d %12s%n", name, fmt1(wall), Double.isNaN(cpu) ? "-" : fmt1(cpu), records,
                Double.isNaN(working) || working <= 0 ? "-" : String.format("%,.0f", records / working));
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.1f", v);
    }

    private static String fmt(double hours) {
        return hours == Math.rint(hours) ? Long.toString((long) hours) : Double.toString(hours);
    }

    private void log(String format, Object... args) {
        System.out.printf("[%6.1fs] %s%n", seconds(t0), String.format(format, args));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
