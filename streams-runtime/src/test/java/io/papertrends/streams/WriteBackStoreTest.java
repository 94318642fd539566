package io.papertrends.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins what the write-back stores rely on in Kafka Streams: changed values reach the store and
 * its changelog at every commit, survive a restart, and stay right when the byte budget evicts.
 */
class WriteBackStoreTest {
    private static final String COUNTS = "counts";
    private static final String HOURLY = "hourly";
    private static final long HOUR = 3_600_000L;
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    /** A mutable counter, changed in place as the processors of this project change panes. */
    static final class Counter {
        long value;
    }

    private static final Serde<Counter> COUNTER = Serdes.serdeFrom(
            (topic, c) -> c == null ? null : ByteBuffer.allocate(8).putLong(c.value).array(),
            (topic, b) -> {
                if (b == null) {
                    return null;
                }
                Counter c = new Counter();
                c.value = ByteBuffer.wrap(b).getLong();
                return c;
            });

    /** Counts per key and per key and hour, one lookup per store and record. */
    static final class Counting implements Processor<String, String, Void, Void> {
        private KeyValueWriteBackStore<String, Counter> counts;
        private WindowWriteBackStore<String, Counter> hourly;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(COUNTS);
            hourly = context.getStateStore(HOURLY);
        }

        @Override
        public void process(Record<String, String> record) {
            Counter c = counts.live(record.key());
            if (c == null) {
                c = new Counter();
            }
            c.value++;
            counts.update(record.key(), c);
            hourly.change(record.key(), record.timestamp() / HOUR * HOUR, Counter::new, h -> h.value++);
        }
    }

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;

    private void start(long maxBytes) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(KeyValueWriteBackStore.builder(Stores.persistentKeyValueStore(COUNTS), Serdes.String(), COUNTER,
                c -> 8, maxBytes));
        builder.addStateStore(WindowWriteBackStore.builder(Stores.persistentWindowStore(HOURLY, java.time.Duration.ofDays(1),
                java.time.Duration.ofHours(1), false), Serdes.String(), COUNTER, c -> 8, maxBytes));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .process(Counting::new, Named.as("counting"), COUNTS, HOURLY);
        Topology topology = builder.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props, T0);
        input = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(String key, long hour) {
        input.pipeInput(key, "x", T0.plusMillis(hour * HOUR));
    }

    private KeyValueWriteBackStore<String, Counter> counts() {
        @SuppressWarnings("unchecked")
        KeyValueWriteBackStore<String, Counter> store = (KeyValueWriteBackStore<String, Counter>) driver.getAllStateStores().get(COUNTS);
        return store;
    }

    private Map<String, Long> changelog(String store) {
        TestOutputTopic<byte[], byte[]> topic = driver.createOutputTopic("write-back-" + store + "-changelog",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        Map<String, Long> last = new HashMap<>();
        topic.readKeyValuesToList().forEach(kv -> last.put(new String(kv.key, java.nio.charset.StandardCharsets.UTF_8),
                ByteBuffer.wrap(kv.value).getLong()));
        return last;
    }

    @SuppressWarnings("unchecked")
    private WindowWriteBackStore<String, Counter> hourly() {
        return (WindowWriteBackStore<String, Counter>) driver.getAllStateStores().get(HOURLY);
    }

    @Test
    void shouldWriteChangedValuesToTheStoreAndItsChangelogByEachCommit() {
        start(1 << 20);
        pipe("a", 0);
        pipe("a", 0);
        pipe("b", 1);
        pipe("a", 2);

        // The test driver commits after every record: the store behind the cache and the changelog hold each last value.
        KeyValueWriteBackStore<String, Counter> counts = counts();
        assertThat(counts.get("a").value).isEqualTo(3);
        assertThat(counts.get("b").value).isEqualTo(1);
        assertThat(changelog(COUNTS)).containsEntry("a", 3L).containsEntry("b", 1L);
        WindowWriteBackStore<String, Counter> hourly = hourly();
        assertThat(hourly.fetch("a", T0.toEpochMilli()).value).isEqualTo(2);
        assertThat(hourly.fetch("a", T0.toEpochMilli() + 2 * HOUR).value).isEqualTo(1);
        assertThat(hourly.fetch("b", T0.toEpochMilli() + HOUR).value).isEqualTo(1);
        // One write per changed value and commit, not one per lookup.
        assertThat(counts.writes()).isEqualTo(4);
    }

    @Test
    void shouldDropUncommittedChangesWhenKafkaStreamsDiscardsTheCache() {
        start(1 << 20);
        for (int i = 0; i < 5; i++) {
            pipe("a", 0);
        }
        KeyValueWriteBackStore<String, Counter> counts = counts();
        Counter live = counts.live("a");
        live.value = 100;
        counts.update("a", live);
        // What an exactly-once abort does: the change never reached the store, and is gone.
        counts.clearCache();
        assertThat(counts.live("a").value).isEqualTo(5);
        assertThat(counts.get("a").value).isEqualTo(5);
    }

    @Test
    void shouldStayWithinTheByteBudgetAndCountRightWhenItEvicts() {
        long budget = 20 * (WriteBackStore.ENTRY_OVERHEAD + 8);
        start(budget);
        List<String> keys = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "k" + i).toList();
        for (int round = 0; round < 3; round++) {
            for (String k : keys) {
                pipe(k, round);
            }
        }
        KeyValueWriteBackStore<String, Counter> counts = counts();
        assertThat(counts.size()).isLessThanOrEqualTo(20);
        assertThat(counts.bytes()).isLessThanOrEqualTo(budget);
        for (String k : keys) {
            assertThat(counts.get(k).value).as(k).isEqualTo(3);
        }
    }

    @Test
    void shouldFindAKeysWindowsInARangeWhetherCachedOrEvicted() {
        long budget = 20 * (WriteBackStore.ENTRY_OVERHEAD + 8);
        start(budget);
        for (int hour = 0; hour < 4; hour++) {
            for (int k = 0; k < 30; k++) {
                for (int n = 0; n <= k % 3; n++) {
                    pipe("k" + k, hour);
                }
            }
        }
        pipe("gap", 0);
        pipe("gap", 2);
        pipe("gap", 2);
        WindowWriteBackStore<String, Counter> hourly = hourly();
        assertThat(hourly.size()).isLessThanOrEqualTo(20);
        long t0 = T0.toEpochMilli();
        for (int k = 0; k < 30; k++) {
            List<Long> seen = new java.util.ArrayList<>();
            // One hour before and after the activity: absent windows are skipped.
            hourly.forEachLive("k" + k, t0 - HOUR, t0 + 5 * HOUR, HOUR, c -> seen.add(c.value));
            long expected = k % 3 + 1;
            assertThat(seen).as("k" + k).containsExactly(expected, expected, expected, expected);
            assertThat(hourly.live("k" + k, t0 + HOUR).value).isEqualTo(expected);
            assertThat(hourly.live("k" + k, t0 + 9 * HOUR)).isNull();
        }
        List<Long> gap = new java.util.ArrayList<>();
        hourly.forEachLive("gap", t0, t0 + 3 * HOUR, HOUR, c -> gap.add(c.value));
        assertThat(gap).containsExactly(1L, 2L);
        assertThat(hourly.size()).isLessThanOrEqualTo(20);
        assertThat(hourly.bytes()).isLessThanOrEqualTo(budget);
    }
}
