package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.ParseCost;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.stack.LocalStack;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * {@code bench ingest}: papers/s and MB/s of {@code ingest --format jsonl} on a generated file,
 * next to Kafka's own producer-performance tool sending the same lines (same count, same
 * bytes, same producer settings) to the same broker, and the ratio; in rounds that alternate the
 * two after warm-up rounds alike, each timed run after a full collection, with the CPU a record
 * of each run's timed span and the median ratio over the rounds; last, what ingest adds to a
 * send on one thread without Kafka ({@link ParseCost}).
 */
public final class IngestBench {

    /** What to run. */
    public record Options(String bootstrapServers, String registryUrl, int papers, int abstractChars, int partitions, int warmupRounds,
                          int rounds, Path dir, Map<String, String> client) {
        public Options {
            client = Map.copyOf(client);
        }
    }

    private static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private IngestBench() { }

    public static int run(Options o) throws Exception {
        Path input = o.dir().resolve("papers.jsonl");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(input), 1 << 20)) {
            SyntheticPapers.write(out, o.papers(), o.abstractChars(), 42);
        }
        long fileBytes = Files.size(input);
        System.out.printf("bench ingest: %,d papers, %.1f MB of JSONL (%d bytes/paper), %d partitions, %d warm-up and %d measured round(s)%n",
                o.papers(), fileBytes / 1e6, fileBytes / o.papers(), o.partitions(), o.warmupRounds(), o.rounds());
        warmUp(o, input);
        // Rounds alternate the two runs, so a change in the machine's load (it may be shared) falls
        // on both sides; each round gives its own ratio.
        List<Double> ratios = new ArrayList<>();
        boolean complete = true;
        // CPU of each run's timed span only (the tool reads the whole file before its clock starts).
        Cpu.Timeline cpu = new Cpu.Timeline();
        System.out.printf("%-7s %-40s %12s %10s %12s %12s %s%n", "round", "run", "records/s", "MB/s", "value bytes", "CPU µs/rec", "load (1 min)");
        for (int round = 1; round <= o.rounds(); round++) {
            Double ratio = measuredRound(o, input, fileBytes, round, cpu);
            complete &= ratio != null;
            if (ratio != null) {
                ratios.add(ratio);
            }
        }
        cpu.close();
        printParseCost(o, input);
        List<Double> sorted = ratios.stream().sorted().toList();
        if (sorted.isEmpty()) {
            System.out.println("ratio ingest / producer-performance: no round completed");
            return 1;
        }
        System.out.printf("ratio ingest / producer-performance: median %.2f, range %.2f-%.2f over %d round(s)%n",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
        return complete ? 0 : 1;
    }

    private static void warmUp(Options o, Path input) throws Exception {
        // Warm-up rounds, both runs alternated as in the measured rounds: the two share the JIT
        // (Kafka's producer and the broker code serve both), and each switch makes it recompile
        // hot methods for the other's profile. Measured on 2 cores: compiler threads took 3.2,
        // 1.9, 2.1, 0.8 and 0.3 s of CPU in the ingest runs of rounds 1-5 after one ingest-only
        // warm-up (3-6 s for a whole ingest run); after four alternations still 0.3-1 s a run,
        // on both sides: each switch deoptimizes some broker and producer code.
        for (int round = 1; round <= o.warmupRounds(); round++) {
            Topics warmTopics = topics(o, "bench-warm-" + System.nanoTime() + "-");
            settle();
            IngestReport report = ingest(o, warmTopics, input);
            String perfTopic = "bench-warm-perf-" + System.nanoTime();
            createTopics(o, List.of(perfTopic));
            settle();
            double[] perf = producerPerformance(o, perfTopic, input);
            System.out.printf("warm-up %d: ingest %,.0f papers/s, producer-performance %,.0f records/s%n", round,
                    report.published() / (report.elapsed().toNanos() / 1e9), perf[0]);
        }
    }

    /** One measured round, ingest then the tool; the ratio of their rates, or null when Kafka did not acknowledge every record. */
    private static Double measuredRound(Options o, Path input, long fileBytes, int round, Cpu.Timeline cpu) throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        boolean trace = System.getenv("PAPERTRENDS_BENCH_TRACE") != null;
        if (trace) {
            System.err.printf("round %d: ingest starts at uptime %d ms%n", round, ManagementFactory.getRuntimeMXBean().getUptime());
        }
        Topics topics = topics(o, "bench-run-" + System.nanoTime() + "-");
        settle();
        Cpu.Sampler sampler = trace ? new Cpu.Sampler() : null;
        Map<String, Long> threadsBefore = trace ? sampler.byThread() : Map.of();
        long[] end = new long[1];
        IngestReport report = ingest(o, topics, input, end);
        if (trace) {
            sampler.close();
            Cpu.printDelta(threadsBefore, sampler.byThread());
            System.err.println("  gc so far: " + Cpu.gc());
        }
        // Records Kafka did not acknowledge make the round no throughput figure: shown, left out of the median.
        boolean acknowledged = report.published() == o.papers() && report.failed() == 0;
        double seconds = report.elapsed().toNanos() / 1e9;
        double papersPerSecond = report.published() / seconds;
        double mbPerSecond = fileBytes / 1e6 / seconds;

        double perfLoad = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String perfTopic = "bench-perf-" + System.nanoTime();
        createTopics(o, List.of(perfTopic));
        if (trace) {
            System.err.printf("round %d: producer-performance starts at uptime %d ms%n", round, ManagementFactory.getRuntimeMXBean().getUptime());
        }
        settle();
        sampler = trace ? new Cpu.Sampler() : null;
        threadsBefore = trace ? sampler.byThread() : Map.of();
        double[] perf = producerPerformance(o, perfTopic, input);
        long perfEnd = System.nanoTime();
        if (trace) {
            sampler.close();
            Cpu.printDelta(threadsBefore, sampler.byThread());
            System.err.println("  gc so far: " + Cpu.gc());
        }

        // Both timed spans end when the last record is acknowledged; the tool's lasted records / rate.
        long ingestCpu = cpu.between(end[0] - report.elapsed().toNanos(), end[0]);
        long perfCpu = cpu.between(perfEnd - (long) (o.papers() / perf[0] * 1e9), perfEnd);
        System.out.printf("%-7d %-40s %,12.0f %10.1f %,12d %12.1f %.2f%n", round, "papertrends ingest --format jsonl",
                papersPerSecond, mbPerSecond, report.published() == 0 ? 0 : report.bytes() / report.published(),
                perRecord(ingestCpu, o.papers()), load);
        System.out.printf("%-7d %-40s %,12.0f %10.1f %,12d %12.1f %.2f%n", round, "Kafka producer-performance (same lines)",
                perf[0], perf[1], fileBytes / o.papers(), perRecord(perfCpu, o.papers()), perfLoad);
        if (acknowledged) {
            System.out.printf("%-7d ratio ingest / producer-performance: %.2f (records/s)%n", round, papersPerSecond / perf[0]);
        } else {
            System.out.printf("%-7d no ratio: %,d of %,d records not acknowledged by Kafka%n", round, o.papers() - report.published() + report.failed(), o.papers());
        }
        if (round == o.rounds()) {
            System.out.println("ingest summary (last round): " + report.summary());
        }
        return acknowledged ? papersPerSecond / perf[0] : null;
    }

    /**
     * What ingest adds to a send, on one thread without Kafka, stage by stage (ParseCost), and
     * the producer's own lz4 append that both runs pay: the ratio's ceiling on a machine whose
     * cores both runs keep busy is about the tool's CPU a record over that plus it.
     */
    private static void printParseCost(Options o, Path input) throws Exception {
        Topics topics = topics(o, "bench-parse-" + System.nanoTime() + "-");
        var papers = topics.papers();
        // The first 50,000 papers, 5 times: a paper costs the same anywhere in the file.
        byte[] jsonl;
        try (InputStream in = Files.newInputStream(input)) {
            jsonl = in.readNBytes((int) Math.min(Files.size(input), 50_000L * Files.size(input) / o.papers()));
        }
        int end = jsonl.length;
        while (end > 0 && jsonl[end - 1] != '\n') {
            end--;
        }
        jsonl = java.util.Arrays.copyOf(jsonl, end);
        ParseCost.Stages s = ParseCost.measure(jsonl, IngestLimits.defaults(),
                paper -> papers.valueSerde().serializer().serialize(papers.name(), paper), 5);
        System.out.printf("ingest's own work on one thread, without Kafka (µs a paper, median of 5 passes over %,d papers): "
                        + "lines and UTF-8 %.2f, JSON fields (Jackson) %.2f, validation, normalisation and content hash %.2f, "
                        + "Avro encoding %.2f: %.2f in all; the producer's lz4 append of the record, paid by both runs: %.2f%n",
                s.papers(), s.lines(), s.fields() - s.lines(), s.papersBuilt() - s.fields(), s.encoding(), s.papersBuilt() + s.encoding(),
                s.batching());
    }

    /** CPU µs a record, or NaN when the CPU of the span is not known. */
    static double perRecord(long cpuNanos, int records) {
        return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / records;
    }

    /** The settings of a run whose topics carry {@code prefix}. */
    static Settings settings(Options o, String prefix) {
        return Settings.of(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of(Topics.PREFIX_CONFIG, prefix)));
    }

    /** The contract's topics under {@code prefix}, created and served. */
    static Topics topics(Options o, String prefix) throws Exception {
        Topics topics = Topics.from(settings(o, prefix).asMap());
        createTopics(o, topics.all().stream().map(TopicSpec::name).toList());
        return topics;
    }

    private static IngestReport ingest(Options o, Topics topics, Path input) throws Exception {
        return ingest(o, topics, input, new long[1]);
    }

    /** Ingests the file; {@code end[0]} gets the instant every record was acknowledged, before the publisher closes. */
    private static IngestReport ingest(Options o, Topics topics, Path input, long[] end) throws Exception {
        try (Ingest ingest = Ingest.open(settings(o, topics.prefix()), new SimpleMeterRegistry());
             InputStream in = Files.newInputStream(input)) {
            IngestReport report = ingest.sources().ingest(InputFormat.JSONL, in, input.toString());
            end[0] = System.nanoTime();
            return report;
        }
    }

    static void createTopics(Options o, List<String> names) throws Exception {
        try (Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            List<NewTopic> topics = new ArrayList<>();
            names.forEach(n -> topics.add(new NewTopic(n, o.partitions(), (short) 1)));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, names);
            awaitServing(admin, names, o.partitions());
        }
    }

    /**
     * Waits until each partition's leader answers for it (a list-offsets request), not only the
     * metadata naming it. A produce request that reaches the leader before it serves the partition
     * fails while the batches sent after it land; the idempotent producer then retries the first
     * batch with a sequence number the broker no longer accepts, and the run stalls until the
     * delivery timeout.
     */
    private static void awaitServing(Admin admin, List<String> names, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        names.forEach(n -> IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(n, p), OffsetSpec.latest())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    /**
     * A full collection before each timed run, so neither run pays for the other's garbage: the
     * tool holds the whole file in memory while it sends (hundreds of MB that die when it ends),
     * and without this the next ingest run met that collection (measured: one ingest round at
     * 48.8 µs of CPU a paper among others at 30-32).
     */
    static void settle() {
        System.gc();
    }

    /** Runs Kafka's tool in this process with the publisher's producer settings; returns records/s and MB/s. */
    private static double[] producerPerformance(Options o, String topic, Path payloads) throws Exception {
        return producerPerformance(o.bootstrapServers(), o.client(), o.dir(), topic, List.of("--payload-file", payloads.toString()), o.papers());
    }

    /**
     * Runs Kafka's tool in this process with the publisher's producer settings, {@code records}
     * records whose payloads {@code payloadArgs} give ({@code --payload-file} or {@code --record-size});
     * returns records/s and MB/s.
     */
    static double[] producerPerformance(String bootstrapServers, Map<String, String> client, Path dir, String topic, List<String> payloadArgs,
                                        int records) throws Exception {
        // In a file, not --producer-props: the tool splits those at '=' (a JAAS line has several) and
        // prints a property it cannot parse, password included.
        Map<String, String> producer = new java.util.LinkedHashMap<>();
        IngestPublisher.producerConfig(BenchClients.kafka(bootstrapServers, client)).forEach((k, v) -> producer.put(k, String.valueOf(v)));
        Path config = BenchClients.writeConfig(dir.resolve("producer.properties"), producer);
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(records),
                "--throughput", "-1", "--producer.config", config.toString()));
        args.addAll(payloadArgs);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Matcher last = null;
        Matcher m = PERF.matcher(output);
        while (m.find()) {
            last = PERF.matcher(m.group());
            last.find();
        }
        if (last == null) {
            throw new IllegalStateException("no result from Kafka's producer-performance tool:\n" + output);
        }
        return new double[] {Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3))};
    }
}
