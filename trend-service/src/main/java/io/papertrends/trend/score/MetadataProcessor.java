package io.papertrends.trend.score;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState.PaperMeta;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code papers-enriched} → the title, keyphrases and scopes of each paper, in the same task as
 * its popularity (both topics are keyed by paper id with the same partitions).
 */
public final class MetadataProcessor implements Processor<String, EnrichedPaper, Void, Void> {
    /** Keyphrases shown with a ranked paper; more than get a scope, so a reader sees what else it is about. */
    static final int SHOWN_KEYPHRASES = 5;
    private final TrendConfig config;
    private ProcessorContext<Void, Void> context;
    private PartitionRanker ranker;

    public MetadataProcessor(TrendConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.ranker = new PartitionRanker(config, context);
    }

    @Override
    public void process(Record<String, EnrichedPaper> record) {
        EnrichedPaper paper = record.value();
        String id = record.key() != null ? record.key() : paper == null ? null : paper.getPaper().getId();
        if (id == null) {
            return;
        }
        PaperMeta meta = paper == null ? null : new PaperMeta(paper.getPaper().getTitle(),
                Scopes.phrases(paper, Math.max(config.keyphrases(), SHOWN_KEYPHRASES)), Scopes.of(paper, config.keyphrases(), config.categories()),
                paper.getPaper().getUrl());
        ranker.onMetadata(id, meta, context.currentSystemTimeMs());
    }
}
