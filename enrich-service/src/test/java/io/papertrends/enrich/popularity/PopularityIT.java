package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 generated events through the real broker, with a restart of the application in the
 * middle: every closed window's counts equal a brute-force count computed here independently.
 */
@ExtendWith(LocalStackExtension.class)
class PopularityIT {
    private static final int EVENTS = 100_000;
    private static final int PAPERS = 150;
    private static final int RESENT = 5_000;
    private static final long HOUR = 3_600_000L;
    // In the past, so that even the closing event a month later is not in the future (brokers reject those).
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(40)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);

    record Key(String paper, String window, long start) { }

    @Test
    void shouldCountEveryWindowExactlyAcrossARestart(LocalStack stack, @TempDir Path stateDir) throws Exception {
        String prefix = "pop-it-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            // Event times are weeks old: without unlimited retention the broker would delete them by age.
            Map<String, String> keepAll = Map.of("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(topics.paperEvents().name(), 3, (short) 1).configs(keepAll),
                    new NewTopic(topics.paperPopularity().name(), 3, (short) 1).configs(keepAll))).all().get(30, TimeUnit.SECONDS);
        }
        PopularityConfig config = PopularityConfig.defaults();
        long grace = config.graceMs();

        // Events over 12 hours, per paper in time order with jitter well inside the grace period.
        Random random = new Random(42);
        List<PaperEvent> events = new ArrayList<>();
        long span = 12 * HOUR;
        for (int i = 0; i < EVENTS; i++) {
            long base = T0.toEpochMilli() + (long) i * span / EVENTS;
            long t = base - (long) (random.nextDouble() * grace / 4);
            String paper = "arxiv:2611." + String.format("%05d", (int) Math.floor(PAPERS * Math.pow(random.nextDouble(), 2)));
            EventType type = EventType.values()[random.nextInt(6)];
            events.add(PaperEvent.newBuilder().setEventId("e" + i).setPaperId(paper).setType(type)
                    .setUserId("u" + random.nextInt(2000)).setOccurredAt(Instant.ofEpochMilli(t)).setSource("test")
                    .setReceivedAt(Instant.ofEpochMilli(t)).build());
        }
        // One event per partition far in the future closes every window.
        for (int p = 0; p < 30; p++) {
            long t = T0.toEpochMilli() + 30L * 24 * HOUR;
            events.add(PaperEvent.newBuilder().setEventId("end" + p).setPaperId("sentinel:" + p).setType(EventType.VIEW)
                    .setUserId("x").setOccurredAt(Instant.ofEpochMilli(t)).setSource("test").setReceivedAt(Instant.ofEpochMilli(t)).build());
        }

        Map<Key, long[]> expected = expectedCounts(events.subList(0, EVENTS), config);

        Settings settings = Settings.of(Map.of("bootstrap.servers", stack.bootstrapServers(),
                StreamsSettings.STATE_DIR, stateDir.toString(), "application.id", prefix + "enrich",
                "commit.interval.ms", "200"));
        Properties props = StreamsSettings.streamsConfig(settings, "unused");

        produce(stack, topics, events.subList(0, EVENTS / 2));
        runUntilCaughtUp(stack, topics, config, props, EVENTS / 2);
        // A second instance of the application resumes from the committed state. A client sends
        // the first 5,000 events again (a file ingested twice): counted once all the same.
        List<PaperEvent> again = new ArrayList<>(events.subList(0, RESENT));
        again.addAll(events.subList(EVENTS / 2, events.size()));
        produce(stack, topics, again);
        runUntilCaughtUp(stack, topics, config, props, events.size() + RESENT);

        Map<Key, PaperPopularity> finals = readFinals(stack, topics, expected.size());
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        int compared = 0;
        for (var e : expected.entrySet()) {
            PaperPopularity got = finals.get(e.getKey());
            long[] want = e.getValue();
            assertThat(new long[] {got.getCounts().getViews(), got.getCounts().getDownloads(), got.getCounts().getUpvotes(),
                    got.getCounts().getBookmarks(), got.getCounts().getShares(), got.getCounts().getCitations()})
                    .as("counts of %s", e.getKey()).containsExactly(java.util.Arrays.copyOf(want, 6));
            assertThat((double) got.getUniqueReaders()).as("readers of %s", e.getKey()).isCloseTo(want[6], org.assertj.core.data.Percentage.withPercentage(5));
            compared++;
        }
        System.out.printf("popularity IT: %d events (%d sent twice), %d closed windows compared%n", EVENTS, RESENT, compared);

        // The state was built for the default windows: other windows are refused at start, with the reason.
        StreamsBuilder other = new StreamsBuilder();
        PopularityTopology.addTo(other, topics, new PopularityConfig(WindowSpec.parseAll("2h:10m"), config.graceMs(), config.emitIntervalMs(),
                config.score(), config.maxFutureMs()), new SimpleMeterRegistry());
        try (StreamsRunner runner = new StreamsRunner(other.build(), props)) {
            runner.start(false);
            assertThatThrownBy(runner::awaitStop).hasMessageContaining("popularity windows").hasMessageContaining("differ");
        }
    }

    /** Brute force: every window of every spec that holds each event. Index 6 = distinct readers. */
    static Map<Key, long[]> expectedCounts(List<PaperEvent> events, PopularityConfig config) {
        Map<Key, long[]> counts = new HashMap<>();
        Map<Key, java.util.Set<String>> readers = new HashMap<>();
        for (PaperEvent e : events) {
            long t = e.getOccurredAt().toEpochMilli();
            for (WindowSpec spec : config.windows()) {
                for (long start = Math.floorDiv(t, spec.advanceMs()) * spec.advanceMs(); start > t - spec.sizeMs(); start -= spec.advanceMs()) {
                    Key k = new Key(e.getPaperId(), spec.name(), start);
                    counts.computeIfAbsent(k, x -> new long[7])[e.getType().ordinal()]++;
                    readers.computeIfAbsent(k, x -> new java.util.HashSet<>()).add(e.getUserId());
                }
            }
        }
        readers.forEach((k, r) -> counts.get(k)[6] = r.size());
        return counts;
    }

    private static void produce(LocalStack stack, Topics topics, List<PaperEvent> events) throws Exception {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(config, topics.paperEvents().keySerde().serializer(),
                topics.paperEvents().valueSerde().serializer())) {
            for (PaperEvent e : events) {
                producer.send(new ProducerRecord<>(topics.paperEvents().name(), e.getPaperId(), e));
            }
            producer.flush();
        }
    }

    private static void runUntilCaughtUp(LocalStack stack, Topics topics, PopularityConfig config, Properties props, long expectedEvents)
            throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, config, new SimpleMeterRegistry());
        try (StreamsRunner runner = new StreamsRunner(builder.build(), props)) {
            runner.start(false);
            String group = props.getProperty("application.id");
            try (Admin admin = Admin.create(stack.kafkaConfig())) {
                org.awaitility.Awaitility.await("caught up with " + expectedEvents + " events")
                        .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertThat(runner.streams().state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                            long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                                    .values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
                            return committed >= expectedEvents && runner.streams().state() == KafkaStreams.State.RUNNING;
                        });
            }
        }
    }

    private static Map<Key, PaperPopularity> readFinals(LocalStack stack, Topics topics, int expected) {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<Key, PaperPopularity> finals = new HashMap<>();
        try (KafkaConsumer<String, PaperPopularity> consumer = new KafkaConsumer<>(config, topics.paperPopularity().keySerde().deserializer(),
                topics.paperPopularity().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.paperPopularity().name()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && finals.size() < expected) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    PaperPopularity p = r.value();
                    if (p.getClosed() && !p.getPaperId().startsWith("sentinel:")) {
                        PaperPopularity previous = finals.put(new Key(p.getPaperId(), p.getWindow(), p.getWindowStart().toEpochMilli()), p);
                        assertThat(previous).as("one final value per window").isNull();
                    }
                });
            }
        }
        return finals;
    }
}
