package io.papertrends.trend.score;

import io.papertrends.avro.PaperPopularity;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendMetrics;
import io.papertrends.trend.core.TrendState.Candidates;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** {@code paper-popularity} → per-partition candidates, sent on wall-clock punctuation (see {@link PartitionRanker}). */
public final class ScoreProcessor implements Processor<String, PaperPopularity, String, Candidates> {
    /** Papers checked for expiry per update interval: a full pass over a million papers takes about 17 min at one interval a second. */
    static final int SWEEP_PER_INTERVAL = 1000;
    private final TrendConfig config;
    private final TrendMetrics metrics;
    private ProcessorContext<String, Candidates> context;
    private PartitionRanker ranker;

    public ScoreProcessor(TrendConfig config, TrendMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** The store of the partition stage's candidate lists, a write-back cache of at most about {@code cacheMaxBytes}. */
    public static StoreBuilder<KeyValueWriteBackStore<String, Standings>> candidatesStore(KeyValueBytesStoreSupplier supplier, long cacheMaxBytes) {
        return KeyValueWriteBackStore.builder(supplier, Serdes.String(), Standings.SERDE, Standings::weight, cacheMaxBytes);
    }

    @Override
    public void init(ProcessorContext<String, Candidates> context) {
        this.context = context;
        this.ranker = new PartitionRanker(config, context);
        // The global rankings every update interval; every list, keyword and category scopes included, every scope interval.
        context.schedule(Duration.ofMillis(config.updateIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
            ranker.flushGlobal(this::send);
            ranker.sweep(now, SWEEP_PER_INTERVAL);
        });
        context.schedule(Duration.ofMillis(config.scopeIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> ranker.flush(this::send));
    }

    private void send(String key, Candidates candidates) {
        context.forward(new Record<>(key, candidates, Math.max(0, context.currentStreamTimeMs())));
        metrics.batchSent();
    }

    @Override
    public void process(Record<String, PaperPopularity> record) {
        PaperPopularity value = record.value();
        if (value == null) {
            return;
        }
        String paper = record.key() != null ? record.key() : value.getPaperId();
        ranker.onPopularity(paper, value, record.timestamp(), context.currentSystemTimeMs());
        metrics.popularity(value.getClosed());
    }
}
