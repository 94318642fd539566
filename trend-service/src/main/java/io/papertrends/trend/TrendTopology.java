package io.papertrends.trend;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.TopicSerdes;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.KeywordSummary;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendMetrics;
import io.papertrends.trend.core.TrendState;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.digest.DigestLog;
import io.papertrends.trend.digest.DigestProcessor;
import io.papertrends.trend.keywords.KeywordRanker;
import io.papertrends.trend.keywords.KeywordSummaryProcessor;
import io.papertrends.trend.merge.MergeProcessor;
import io.papertrends.trend.score.MetadataProcessor;
import io.papertrends.trend.score.ScoreProcessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The trend service: {@code paper-popularity} + {@code papers-enriched} → {@code trending-updates},
 * {@code trending-keywords} and {@code trending-digest}.
 *
 * <p>Two stages, so that no scope funnels every record through one task:
 * <ol>
 *   <li>per partition of the inputs (both keyed by paper id, co-partitioned): paper metadata,
 *       per paper and window its baseline and trending score, and per scope and window the best
 *       {@code K} candidates of the partition. Every update interval (wall clock) the lists that
 *       changed are sent, keyed by {@code window|scope}, through the repartition topic
 *       {@value #CANDIDATES_TOPIC}: at most {@code K} candidates per partition, scope and
 *       window per interval, however busy the inputs;</li>
 *   <li>per scope and window: the lists of all partitions are merged and ranked, and a
 *       {@code TrendingUpdate} keyed by scope is emitted when the ranking changed, at most once
 *       per update interval. Beside the merge, in the same task: every update interval a
 *       summary of each re-ranked {@code keyword:} ranking ({@link KeywordSummaryProcessor}),
 *       and once a day the digest of each ranking of the digest window ({@link DigestProcessor});</li>
 *   <li>per window: the keyword summaries, sent keyed by window through the repartition topic
 *       {@value #KEYWORD_SCORES_TOPIC}, are ranked into {@code TrendingKeywords}
 *       ({@link KeywordRanker}). This funnels every keyword of a window through one task, which
 *       is acceptable because what arrives there is already aggregated: at most one summary per
 *       keyword scope and window per update interval, and only for keywords whose ranking was
 *       re-ranked, never one record per event or per paper.</li>
 * </ol>
 * Every processor and internal topic is named (constants below), every store in {@link TrendStores}.
 */
public final class TrendTopology {
    public static final String POPULARITY_SOURCE = "trend-popularity-source";
    public static final String PAPERS_SOURCE = "trend-papers-source";
    public static final String METADATA_PROCESSOR = "trend-paper-metadata";
    public static final String SCORE_PROCESSOR = "trend-score";
    /** Name of the repartition topic of the candidates (the broker topic is {@code <application.id>-trend-candidates-repartition}). */
    public static final String CANDIDATES_TOPIC = "trend-candidates";
    public static final String MERGE_PROCESSOR = "trend-merge";
    public static final String SINK = "trend-updates-sink";
    public static final String KEYWORD_SUMMARY_PROCESSOR = "trend-keyword-summary";
    /** Name of the repartition topic of the keyword summaries (the broker topic is {@code <application.id>-trend-keyword-scores-repartition}). */
    public static final String KEYWORD_SCORES_TOPIC = "trend-keyword-scores";
    public static final String KEYWORD_RANKER = "trend-keyword-ranker";
    public static final String KEYWORDS_SINK = "trend-keywords-sink";
    public static final String DIGEST_PROCESSOR = "trend-digest";
    public static final String DIGEST_SINK = "trend-digest-sink";

    private TrendTopology() { }

    /**
     * The topology: reads {@code paper-popularity} and {@code papers-enriched}, writes
     * {@code trending-updates}, {@code trending-keywords} and {@code trending-digest}, all named
     * by {@code topics}. No I/O happens here.
     */
    public static Topology buildTopology(Topics topics, TrendConfig config, MeterRegistry meters) {
        return buildTopology(topics, config, meters, StateStores.PERSISTENT);
    }

    /** The topology with its state stores of the given kind ({@link StateStores#CONFIG}). */
    public static Topology buildTopology(Topics topics, TrendConfig config, MeterRegistry meters, StateStores kind) {
        TrendMetrics metrics = new TrendMetrics(meters);
        StreamsBuilder builder = new StreamsBuilder();
        long cache = config.cacheMaxBytes();
        builder.addStateStore(KeyValueWriteBackStore.builder(kind.keyValue(TrendStores.META_STORE), Serdes.String(), TrendState.PaperMeta.SERDE,
                TrendState.PaperMeta::weight, cache));
        builder.addStateStore(KeyValueWriteBackStore.builder(kind.keyValue(TrendStores.PAPER_STORE), Serdes.String(), TrendState.PaperState.SERDE,
                TrendState.PaperState::weight, cache));
        builder.addStateStore(KeyValueWriteBackStore.builder(kind.keyValue(TrendStores.FIELD_STORE), Serdes.String(), Serdes.Double(),
                v -> 16, cache));
        builder.addStateStore(ScoreProcessor.candidatesStore(kind.keyValue(TrendStores.PARTITION_CANDIDATES_STORE), cache));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.PARTITION_DIRTY_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.MERGE_CANDIDATES_STORE), Serdes.String(), Candidates.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.RANKINGS_STORE), Serdes.String(), TrendState.Ranking.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.MERGE_DIRTY_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.EXPIRY_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.KEYWORD_SUMMARY_DIRTY_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.KEYWORD_SCORES_STORE), Serdes.String(), KeywordSummary.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.KEYWORD_RANKINGS_STORE), Serdes.String(), KeywordRanker.RANKINGS_SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.KEYWORD_DIRTY_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(kind.keyValue(TrendStores.DIGEST_LOG_STORE), Serdes.String(), DigestLog.SERDE));
        String[] partitionStores = {TrendStores.META_STORE, TrendStores.PAPER_STORE, TrendStores.FIELD_STORE, TrendStores.PARTITION_CANDIDATES_STORE, TrendStores.PARTITION_DIRTY_STORE};

        builder.stream(topics.papersEnriched().name(), TopicSerdes.consumed(topics.papersEnriched()).withName(PAPERS_SOURCE))
                .process(() -> new MetadataProcessor(config), Named.as(METADATA_PROCESSOR), partitionStores);

        KStream<String, TrendingUpdate> updates = builder.stream(topics.paperPopularity().name(),
                        TopicSerdes.consumed(topics.paperPopularity()).withName(POPULARITY_SOURCE))
                .process(() -> new ScoreProcessor(config, metrics), Named.as(SCORE_PROCESSOR), partitionStores)
                .repartition(Repartitioned.<String, Candidates>as(CANDIDATES_TOPIC).withKeySerde(Serdes.String()).withValueSerde(Candidates.SERDE))
                .process(() -> new MergeProcessor(config, metrics), Named.as(MERGE_PROCESSOR),
                        TrendStores.MERGE_CANDIDATES_STORE, TrendStores.RANKINGS_STORE, TrendStores.MERGE_DIRTY_STORE, TrendStores.EXPIRY_STORE, TrendStores.KEYWORD_SUMMARY_DIRTY_STORE);
        updates.to(topics.trendingUpdates().name(), TopicSerdes.produced(topics.trendingUpdates()).withName(SINK));

        // Trending keywords: one summary per re-ranked keyword scope and interval, funnelled by window.
        updates.process(() -> new KeywordSummaryProcessor(config), Named.as(KEYWORD_SUMMARY_PROCESSOR), TrendStores.RANKINGS_STORE, TrendStores.KEYWORD_SUMMARY_DIRTY_STORE)
                .repartition(Repartitioned.<String, KeywordSummary>as(KEYWORD_SCORES_TOPIC).withKeySerde(Serdes.String())
                        .withValueSerde(KeywordSummary.SERDE))
                .process(() -> new KeywordRanker(config), Named.as(KEYWORD_RANKER), TrendStores.KEYWORD_SCORES_STORE, TrendStores.KEYWORD_RANKINGS_STORE, TrendStores.KEYWORD_DIRTY_STORE)
                .to(topics.trendingKeywords().name(), TopicSerdes.produced(topics.trendingKeywords()).withName(KEYWORDS_SINK));

        // Daily digests, in the task that owns each ranking.
        updates.process(() -> new DigestProcessor(config), Named.as(DIGEST_PROCESSOR), TrendStores.RANKINGS_STORE, TrendStores.DIGEST_LOG_STORE)
                .to(topics.trendingDigest().name(), TopicSerdes.produced(topics.trendingDigest()).withName(DIGEST_SINK));
        return builder.build();
    }
}
