package io.papertrends.enrich;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.enrich.popularity.PopularityTopology;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.TopicSerdes;
import io.papertrends.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrich service: {@code papers} → {@code papers-enriched} (keyphrases, code links) and
 * {@code paper-events} → {@code paper-popularity} (rolling windows), two sub-topologies of one
 * application.
 */
public final class EnrichTopology {
    public static final String PAPERS_SOURCE = "enrich-papers-source";
    public static final String ENRICHER = "enrich-keyphrases";
    public static final String ENRICHED_SINK = "enrich-papers-sink";
    public static final String HASHES_STORE = "enrich-content-hashes";
    public static final String FREQUENCIES_STORE = "enrich-document-frequencies";
    /** Live document frequencies held per task between commits (about 110 bytes a term: some 150,000 terms). */
    static final long FREQUENCIES_CACHE_BYTES = 16L * 1024 * 1024;
    /** Keyphrases kept per paper. */
    public static final String TOP_N = "papertrends.keyphrases.top";

    private EnrichTopology() { }

    public static Topology buildTopology(Topics topics, PopularityConfig popularity, int topN, MeterRegistry meters) {
        return buildTopology(topics, popularity, topN, meters, StateStores.PERSISTENT);
    }

    /** The topology with its state stores of the given kind ({@link StateStores#CONFIG}). */
    public static Topology buildTopology(Topics topics, PopularityConfig popularity, int topN, MeterRegistry meters, StateStores kind) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(HASHES_STORE), Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(KeyValueWriteBackStore.builder(kind.keyValue(FREQUENCIES_STORE), Serdes.String(), Serdes.Long(), n -> 16,
                FREQUENCIES_CACHE_BYTES));
        builder.stream(topics.papers().name(), TopicSerdes.consumed(topics.papers()).withName(PAPERS_SOURCE))
                .process(() -> new KeyphraseEnricher(topN, meters), Named.as(ENRICHER), HASHES_STORE, FREQUENCIES_STORE)
                .to(topics.papersEnriched().name(), TopicSerdes.produced(topics.papersEnriched()).withName(ENRICHED_SINK));
        PopularityTopology.addTo(builder, topics, popularity, meters, kind);
        return builder.build();
    }
}
