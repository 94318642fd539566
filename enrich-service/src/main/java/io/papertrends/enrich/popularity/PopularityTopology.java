package io.papertrends.enrich.popularity;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.avro.PaperEvent;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.WindowWriteBackStore;
import io.papertrends.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code paper-events} → {@code paper-popularity}: per paper and configured window, counts by
 * type, distinct readers and engagement score, computed from panes (see {@link PopularityProcessor}).
 */
public final class PopularityTopology {
    public static final String SOURCE = "popularity-events-source";
    public static final String PROCESSOR = "popularity-windows";
    public static final String SINK = "popularity-sink";
    public static final String PAPERS_STORE = "popularity-papers";
    public static final String PROGRESS_STORE = "popularity-progress";
    /** Ids of the events counted, per paper and time bucket, for as long as a window could count them again. */
    public static final String SEEN_STORE = "popularity-seen-events";

    private PopularityTopology() { }

    /** Name of the pane store of a window, e.g. {@code popularity-panes-24h}. */
    public static String paneStore(WindowSpec spec) {
        return "popularity-panes-" + spec.name();
    }

    /** RocksDB segments of the pane stores span at least a day of event time (a new segment is a RocksDB instance to open). */
    static final Duration PANE_SEGMENT = Duration.ofDays(1);

    static final Serde<Pane> PANE_SERDE = Serdes.serdeFrom((topic, p) -> p == null ? null : p.toBytes(),
            (topic, b) -> b == null ? null : Pane.fromBytes(b));
    static final Serde<SeenEvents> SEEN_SERDE = Serdes.serdeFrom((topic, e) -> e == null ? null : e.toBytes(),
            (topic, b) -> b == null ? null : SeenEvents.fromBytes(b));
    static final Serde<PaperState> STATE_SERDE = Serdes.serdeFrom((topic, s) -> s == null ? null : s.toBytes(),
            (topic, b) -> b == null ? null : PaperState.fromBytes(b));

    /**
     * Adds the popularity processing to {@code builder}. Panes and paper states are kept as live
     * objects between commits (write-back stores): an event changes objects in memory, and each
     * changed pane reaches RocksDB and the changelog once per commit. The other stores use the
     * record cache.
     */
    public static void addTo(StreamsBuilder builder, Topics topics, PopularityConfig config, MeterRegistry meters) {
        addTo(builder, topics, config, meters, StateStores.PERSISTENT);
    }

    /** As {@link #addTo(StreamsBuilder, Topics, PopularityConfig, MeterRegistry)}, with the stores of the given kind. */
    public static void addTo(StreamsBuilder builder, Topics topics, PopularityConfig config, MeterRegistry meters, StateStores kind) {
        List<String> stores = new ArrayList<>();
        for (WindowSpec spec : config.windows()) {
            builder.addStateStore(WindowWriteBackStore.builder(
                    kind.window(paneStore(spec), Duration.ofMillis(config.retentionMs(spec)), Duration.ofMillis(spec.advanceMs()), false,
                            PANE_SEGMENT),
                    Serdes.String(), PANE_SERDE, Pane::weight, config.cacheMaxBytes()));
            stores.add(paneStore(spec));
        }
        builder.addStateStore(KeyValueWriteBackStore.builder(kind.keyValue(PAPERS_STORE), Serdes.String(), STATE_SERDE,
                PaperState::weight, config.cacheMaxBytes()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(PROGRESS_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        stores.addAll(List.of(PAPERS_STORE, PROGRESS_STORE));
        if (config.dedup()) {
            builder.addStateStore(WindowWriteBackStore.builder(
                    kind.window(SEEN_STORE, Duration.ofMillis(config.dedupHorizonMs()), Duration.ofMillis(config.dedupBucketMs()), false,
                            PANE_SEGMENT),
                    Serdes.String(), SEEN_SERDE, SeenEvents::weight, config.cacheMaxBytes()));
            stores.add(SEEN_STORE);
        }

        builder.stream(topics.paperEvents().name(), Consumed.with(topics.paperEvents().keySerde(), topics.paperEvents().valueSerde())
                        .withTimestampExtractor(new OccurredAtExtractor()).withName(SOURCE))
                .process(() -> new PopularityProcessor(config, new PopularityMetrics(meters)), Named.as(PROCESSOR), stores.toArray(String[]::new))
                .to(topics.paperPopularity().name(), Produced.with(topics.paperPopularity().keySerde(), topics.paperPopularity().valueSerde())
                        .withName(SINK));
    }

    /** Event time of reader activity is {@code occurredAt}. */
    static final class OccurredAtExtractor implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof PaperEvent e && e.getOccurredAt() != null) {
                return e.getOccurredAt().toEpochMilli();
            }
            return record.timestamp();
        }
    }
}
