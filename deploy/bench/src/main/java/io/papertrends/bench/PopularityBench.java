package io.papertrends.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.enrich.popularity.PopularityTopology;
import io.papertrends.enrich.popularity.WindowSpec;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.streams.TopicSerdes;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * {@code bench popularity}: events/s of the pane-based popularity topology (all configured
 * windows, reader sketches included) next to the obvious implementation — a bare Kafka Streams
 * DSL {@code count()} over the same hopping windows — on the same input and broker, in one run;
 * then checks that both give exactly the same count for every window.
 */
public final class PopularityBench {

    /** What to run. */
    public record Options(String bootstrapServers, String registryUrl, int events, int papers, int hours, int partitions,
                          Path stateDir, String windows, String guarantee, int warmupEvents, int rounds, Map<String, String> settings,
                          Map<String, String> client) {
        public Options {
            settings = Map.copyOf(settings);
            client = Map.copyOf(client);
        }
    }

    /**
     * One run: end-to-end seconds from RUNNING until every input offset is committed; the steady
     * rate from the end of the first commit to the last processed record (Kafka Streams'
     * {@code commit-total} and {@code process-total}: startup, the first transaction and the wait
     * for the last commit excluded, the same way for both implementations); and the stream
     * threads' CPU time.
     */
    record Result(String name, long events, double seconds, long steadyEvents, double steadySeconds, double cpuSeconds) {
        double rate() {
            return steadyEvents / steadySeconds;
        }

        double endToEndRate() {
            return events / seconds;
        }
    }

    private PopularityBench() { }

    public static int run(Options o) throws Exception {
        String run = "bench-" + System.currentTimeMillis() + "-";
        Topics topics = topics(o, run);
        String dslOut = run + "dsl-window-counts";
        createTopics(o, topics, dslOut);
        Map<String, String> configured = new java.util.HashMap<>(o.settings());
        configured.put(PopularityConfig.WINDOWS, o.windows());
        PopularityConfig config = PopularityConfig.from(Settings.of(configured));
        System.out.printf("bench popularity: %,d events over %d h on %,d papers, %d partitions, windows %s, grace %d s, %s%n",
                o.events(), o.hours(), o.papers(), o.partitions(), o.windows(), config.graceMs() / 1000, o.guarantee());
        int produced = produce(o, topics.paperEvents(), o.events(), 7);
        if (o.warmupEvents() > 0) {
            // Both implementations first run over a separate, smaller input in this JVM, so that
            // neither is measured while its code is still interpreted.
            Topics warm = topics(o, run + "warmup-");
            createTopics(o, warm, run + "warmup-dsl-out");
            int warmEvents = produce(o, warm.paperEvents(), o.warmupEvents(), 11);
            // The panes run twice: a run is a few seconds, too short for the JIT to finish with it
            // once (the first measured round was the slowest by 10-25 %); a DSL run is ten times longer.
            Result w1 = measure(o, run + "warmup-panes", panesTopology(warm, config), warm.paperEvents().name(), warmEvents);
            Result w1b = measure(o, run + "warmup2-panes", panesTopology(warm, config), warm.paperEvents().name(), warmEvents);
            Result w2 = measure(o, run + "warmup-dsl", dslTopology(warm, config, run + "warmup-dsl-out"), warm.paperEvents().name(), warmEvents);
            System.out.printf("warm-up on %,d other events: panes %.1f s and %.1f s, DSL %.1f s%n", warmEvents, w1.seconds(), w1b.seconds(),
                    w2.seconds());
        }

        List<Result> panesRuns = new java.util.ArrayList<>();
        List<Result> dslRuns = new java.util.ArrayList<>();
        System.out.printf("%-6s %-46s %12s %12s %10s %12s%n", "round", "implementation", "events/s", "end-to-end", "seconds", "CPU µs/event");
        for (int round = 1; round <= o.rounds(); round++) {
            // Each round starts both applications afresh (new application ids, empty state) on the same input.
            Result panes = measure(o, run + "r" + round + "-panes", panesTopology(topics, config), topics.paperEvents().name(), produced);
            Result dsl = measure(o, run + "r" + round + "-dsl", dslTopology(topics, config, dslOut), topics.paperEvents().name(), produced);
            for (Result r : List.of(dsl, panes)) {
                System.out.printf("%-6d %-46s %,12.0f %,12.0f %10.1f %12.1f%n", round, r.name(), r.rate(), r.endToEndRate(), r.seconds(),
                        r.cpuSeconds() * 1e6 / r.events());
            }
            System.out.printf("%-6d ratio %.1fx (end-to-end %.1fx)%n", round, panes.rate() / dsl.rate(), panes.endToEndRate() / dsl.endToEndRate());
            panesRuns.add(panes);
            dslRuns.add(dsl);
        }
        System.out.println("events/s: steady rate, from the end of the first commit (startup and the first transaction behind) to the last"
                + " processed event; end-to-end: all events over the time from RUNNING until the last offset is committed.");
        double panesRate = median(panesRuns.stream().mapToDouble(Result::rate).toArray());
        double dslRate = median(dslRuns.stream().mapToDouble(Result::rate).toArray());
        System.out.printf("median of %d round(s): panes %,.0f events/s, bare DSL %,.0f events/s%n", o.rounds(), panesRate, dslRate);
        System.out.printf("ratio panes / bare DSL hopping count: %.1fx%n", panesRate / dslRate);

        Map<String, Long> ours = readPanes(o, topics);
        Map<String, Long> theirs = readDsl(o, dslOut);
        boolean equal = ours.equals(theirs);
        System.out.printf("window counts compared: %,d (panes) vs %,d (DSL): %s%n", ours.size(), theirs.size(),
                equal ? "identical" : "DIFFERENT");
        if (!equal) {
            int shown = 0;
            for (var e : theirs.entrySet()) {
                if (!e.getValue().equals(ours.get(e.getKey())) && shown++ < 10) {
                    System.out.printf("  %s: DSL %d, panes %s%n", e.getKey(), e.getValue(), ours.get(e.getKey()));
                }
            }
        }
        return equal ? 0 : 1;
    }

    /**
     * The bare DSL count alone, as a baseline of other benchmarks: its steady events/s on
     * {@code o.events()} events (after a warm-up on {@code o.warmupEvents()} others), the median
     * of {@code o.rounds()} rounds.
     */
    static double bareDslRate(Options o) throws Exception {
        String run = "bench-dsl-" + System.currentTimeMillis() + "-";
        Topics topics = topics(o, run);
        String out = run + "dsl-window-counts";
        createTopics(o, topics, out);
        Map<String, String> configured = new java.util.HashMap<>(o.settings());
        configured.put(PopularityConfig.WINDOWS, o.windows());
        PopularityConfig config = PopularityConfig.from(Settings.of(configured));
        int produced = produce(o, topics.paperEvents(), o.events(), 7);
        if (o.warmupEvents() > 0) {
            Topics warm = topics(o, run + "warmup-");
            createTopics(o, warm, run + "warmup-dsl-out");
            int warmEvents = produce(o, warm.paperEvents(), o.warmupEvents(), 11);
            measure(o, run + "warmup-dsl", dslTopology(warm, config, run + "warmup-dsl-out"), warm.paperEvents().name(), warmEvents);
        }
        double[] rates = new double[o.rounds()];
        for (int round = 0; round < o.rounds(); round++) {
            rates[round] = measure(o, run + "r" + round + "-dsl", dslTopology(topics, config, out), topics.paperEvents().name(), produced).rate();
        }
        return median(rates);
    }

    /** The contract's topics under {@code prefix}. */
    private static Topics topics(Options o, String prefix) {
        return Topics.from(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of(Topics.PREFIX_CONFIG, prefix)));
    }

    private static Topology panesTopology(Topics topics, PopularityConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, config, new SimpleMeterRegistry());
        return builder.build();
    }

    /** The obvious implementation: a windowed count per configured window. */
    private static Topology dslTopology(Topics topics, PopularityConfig config, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, PaperEvent> events = builder.stream(topics.paperEvents().name(),
                TopicSerdes.consumed(topics.paperEvents()).withTimestampExtractor((record, partitionTime) ->
                        record.value() instanceof PaperEvent e ? e.getOccurredAt().toEpochMilli() : record.timestamp())
                        .withName("dsl-source"));
        for (WindowSpec spec : config.windows()) {
            events.groupByKey(Grouped.with("dsl-group-" + spec.name(), Serdes.String(), topics.paperEvents().valueSerde()))
                    .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(spec.sizeMs()), Duration.ofMillis(config.graceMs()))
                            .advanceBy(Duration.ofMillis(spec.advanceMs())))
                    .count(Named.as("dsl-count-" + spec.name()), Materialized.<String, Long, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(
                            "dsl-count-store-" + spec.name()).withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                    .toStream(Named.as("dsl-changes-" + spec.name()))
                    .map((w, count) -> KeyValue.pair(w.key() + "|" + spec.name() + "|" + w.window().start(), count),
                            Named.as("dsl-key-" + spec.name()))
                    .to(out, Produced.with(Serdes.String(), Serdes.Long()).withName("dsl-sink-" + spec.name()));
        }
        return builder.build();
    }

    /** The input, the popularity output and the DSL's output; event times are weeks old, so retention is unlimited (else the broker deletes them by age). */
    private static void createTopics(Options o, Topics topics, String dslOut) throws Exception {
        try (Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            Map<String, String> keepAll = Map.of("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(topics.paperEvents().name(), o.partitions(), (short) 1).configs(keepAll),
                    new NewTopic(topics.paperPopularity().name(), o.partitions(), (short) 1).configs(keepAll),
                    new NewTopic(dslOut, o.partitions(), (short) 1).configs(keepAll))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static int produce(Options o, TopicSpec<String, PaperEvent> topic, int events, long seed) throws Exception {
        Random random = new Random(seed);
        // In the past, so that the closing events are not dated in the future.
        long t0 = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        long span = o.hours() * 3_600_000L;
        Map<String, Object> config = BenchClients.kafka(o.bootstrapServers(), o.client());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int count = 0;
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            for (int i = 0; i < events; i++) {
                long t = t0 + (long) i * span / events - random.nextInt(60_000);
                // Zipf-like popularity: a few papers get most of the activity.
                String paper = "arxiv:bench." + (int) Math.floor(o.papers() * Math.pow(random.nextDouble(), 3));
                PaperEvent e = PaperEvent.newBuilder().setEventId("e" + i).setPaperId(paper)
                        .setType(EventType.values()[random.nextInt(6)]).setUserId("u" + random.nextInt(50_000))
                        .setOccurredAt(Instant.ofEpochMilli(t)).setSource("bench").setReceivedAt(Instant.ofEpochMilli(t)).build();
                producer.send(new ProducerRecord<>(topic.name(), paper, e));
                count++;
            }
            long end = t0 + span + 20L * 24 * 3_600_000L;
            for (int p = 0; p < 8 * o.partitions(); p++) {
                PaperEvent e = PaperEvent.newBuilder().setEventId("end" + p).setPaperId("sentinel:" + p).setType(EventType.VIEW)
                        .setUserId("x").setOccurredAt(Instant.ofEpochMilli(end)).setSource("bench").setReceivedAt(Instant.ofEpochMilli(end)).build();
                producer.send(new ProducerRecord<>(topic.name(), e.getPaperId(), e));
                count++;
            }
            producer.flush();
        }
        return count;
    }

    private static Result measure(Options o, String applicationId, Topology topology, String input, long events) throws Exception {
        Settings settings = Settings.of(BenchClients.settings(o.bootstrapServers(), o.registryUrl(), o.client(), Map.of("application.id", applicationId,
                StreamsSettings.STATE_DIR, o.stateDir().resolve(applicationId).toString(), "processing.guarantee", o.guarantee())));
        Properties props = StreamsSettings.streamsConfig(settings, applicationId);
        Files.createDirectories(o.stateDir());
        try (KafkaStreams streams = new KafkaStreams(topology, props);
             Admin admin = Admin.create(BenchClients.kafka(o.bootstrapServers(), o.client()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < o.partitions(); p++) {
                latest.put(new TopicPartition(input, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            long[] running = {0};
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            Map<String, Long> cpuBefore = Cpu.byThread();
            long start = System.nanoTime();
            streams.start();
            long deadline = start + TimeUnit.MINUTES.toNanos(30);
            long steadyFrom = 0;
            long processedAtSteadyFrom = 0;
            List<org.apache.kafka.common.Metric> commitMetrics = List.of();
            long allProcessedAt = 0;
            long nextOffsetCheck = 0;
            Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
            List<org.apache.kafka.common.Metric> processedMetrics = List.of();
            while (true) {
                long now = System.nanoTime();
                if (processedMetrics.isEmpty()) {
                    processedMetrics = threadMetrics(streams, "process-total");
                    commitMetrics = threadMetrics(streams, "commit-total");
                }
                long processed = sum(processedMetrics);
                if (steadyFrom == 0 && processed > 0 && sum(commitMetrics) > 0) {
                    steadyFrom = now;
                    processedAtSteadyFrom = processed;
                }
                if (allProcessedAt == 0 && processed >= events) {
                    allProcessedAt = now;
                }
                if (now < nextOffsetCheck) {
                    TimeUnit.MILLISECONDS.sleep(5);
                    continue;
                }
                // The committed offsets are the end; asked less often than the counter is read, since the broker shares these cores.
                nextOffsetCheck = now + TimeUnit.MILLISECONDS.toNanos(100);
                committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> done = committed;
                if (ends.entrySet().stream().allMatch(e -> done.get(e.getKey()) != null && done.get(e.getKey()).offset() >= e.getValue().offset())) {
                    break;
                }
                if (System.getenv("PAPERTRENDS_BENCH_TRACE") != null) {
                    System.err.printf("%s t=%.2fs processed=%d committed=%d%n", applicationId, (System.nanoTime() - start) / 1e9, processed,
                            committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
                }
                if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(applicationId + " stopped with state " + streams.state());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(applicationId + " did not finish in 30 minutes");
                }
            }
            long end = System.nanoTime();
            if (System.getenv("PAPERTRENDS_BENCH_TRACE") != null) {
                // Where the machine's CPU went (stream thread, producer, the broker's threads) and the stream thread's phases.
                Cpu.printDelta(cpuBefore, Cpu.byThread());
                streams.metrics().forEach((n, m) -> {
                    if ((n.group().equals("stream-thread-metrics") && (n.name().endsWith("-total") || n.name().endsWith("-avg") || n.name().endsWith("-max")))
                            || n.name().endsWith("time-ns-total")) {
                        System.err.printf("  metric %-40s %s%n", n.name(), m.metricValue());
                    }
                });
            }
            long from = running[0] == 0 ? start : running[0];
            double seconds = (end - from) / 1e9;
            String name = applicationId.endsWith("panes") ? "panes (all windows, counts + reader sketches)" : "bare DSL hopping-window count()";
            if (allProcessedAt == 0) {
                allProcessedAt = end;
            }
            // Too short to tell a steady part: fall back to end-to-end.
            boolean steady = steadyFrom != 0 && allProcessedAt - steadyFrom > TimeUnit.MILLISECONDS.toNanos(100) && events > processedAtSteadyFrom;
            return new Result(name, events, seconds, steady ? events - processedAtSteadyFrom : events,
                    steady ? (allProcessedAt - steadyFrom) / 1e9 : seconds, streamThreadCpuSeconds(applicationId));
        }
    }

    /** A counter of each of the application's stream threads, e.g. {@code process-total} (records processed), {@code commit-total}. */
    private static List<org.apache.kafka.common.Metric> threadMetrics(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(name))
                .map(e -> (org.apache.kafka.common.Metric) e.getValue()).toList();
    }

    private static long sum(List<org.apache.kafka.common.Metric> metrics) {
        long total = 0;
        for (org.apache.kafka.common.Metric m : metrics) {
            total += ((Number) m.metricValue()).longValue();
        }
        return total;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** CPU time of the application's stream threads (its own processing, not the broker's or the producers' network threads). */
    private static double streamThreadCpuSeconds(String applicationId) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith(applicationId + "-") && info.getThreadName().contains("-StreamThread-")
                    && !info.getThreadName().contains("producer")) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    private static Map<String, Long> readPanes(Options o, Topics topics) {
        Map<String, Long> out = new HashMap<>();
        try (KafkaConsumer<String, PaperPopularity> consumer = new KafkaConsumer<>(consumerConfig(o),
                topics.paperPopularity().keySerde().deserializer(), topics.paperPopularity().valueSerde().deserializer())) {
            drain(consumer, topics.paperPopularity().name(), r -> {
                PaperPopularity p = r.value();
                if (p.getClosed() && !p.getPaperId().startsWith("sentinel:")) {
                    var c = p.getCounts();
                    out.put(p.getPaperId() + "|" + p.getWindow() + "|" + p.getWindowStart().toEpochMilli(),
                            c.getViews() + c.getDownloads() + c.getUpvotes() + c.getBookmarks() + c.getShares() + c.getCitations());
                }
            });
        }
        return out;
    }

    private static Map<String, Long> readDsl(Options o, String topic) {
        Map<String, Long> out = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(consumerConfig(o), Serdes.String().deserializer(),
                Serdes.Long().deserializer())) {
            drain(consumer, topic, r -> {
                if (!r.key().startsWith("sentinel:")) {
                    out.put(r.key(), r.value());
                }
            });
        }
        return out;
    }

    private static Map<String, Object> consumerConfig(Options o) {
        Map<String, Object> config = BenchClients.kafka(o.bootstrapServers(), o.client());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return config;
    }

    private static <K, V> void drain(KafkaConsumer<K, V> consumer, String topic, java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofMillis(500)).forEach(sink);
        }
    }
}
