package io.papertrends.trend.keywords;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.KeywordSummary;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState.Ranking;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.DisplayPhrase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * In the merge stage, beside {@code MergeProcessor}: every update interval (wall clock) it sends
 * a {@link KeywordSummary} of each {@code keyword:} ranking the merge re-ranked since (the merge
 * marks them in {@value TrendStores#KEYWORD_SUMMARY_DIRTY_STORE}), keyed by window, taken from
 * the ranking's stored view: at most one summary per keyword, window and interval.
 *
 * <p>Its input, the merge's {@code trending-updates}, is ignored: a re-rank that changes only
 * scores emits no update but changes the keyword's score. Its punctuation and the merge's fall
 * due together and run in either order, so a summary follows its re-rank within one interval.
 */
public final class KeywordSummaryProcessor implements Processor<String, TrendingUpdate, String, KeywordSummary> {
    private final TrendConfig config;
    private ProcessorContext<String, KeywordSummary> context;
    private KeyValueStore<String, Ranking> rankings;
    private KeyValueStore<String, byte[]> dirty;

    public KeywordSummaryProcessor(TrendConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, KeywordSummary> context) {
        this.context = context;
        rankings = context.getStateStore(TrendStores.RANKINGS_STORE);
        dirty = context.getStateStore(TrendStores.KEYWORD_SUMMARY_DIRTY_STORE);
        context.schedule(Duration.ofMillis(config.updateIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::send);
    }

    @Override
    public void process(Record<String, TrendingUpdate> record) {
        // Only the rankings matter, see the class doc.
    }

    private void send(long now) {
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String key : changed) {
            dirty.delete(key);
            CompositeKey ranking = CompositeKey.parse(key);
            String scope = ranking.tail();
            if (!scope.startsWith(Scopes.KEYWORD_PREFIX)) {
                continue;
            }
            String window = ranking.head();
            KeywordSummary summary = summarize(window, scope.substring(Scopes.KEYWORD_PREFIX.length()), rankings.get(key), now);
            context.forward(new Record<>(window, summary, Math.max(0, context.currentStreamTimeMs())));
        }
    }

    static KeywordSummary summarize(String window, String normalized, Ranking ranking, long now) {
        TrendingUpdate view = ranking == null ? null : ranking.view();
        if (view == null || view.getEntries().isEmpty()) {
            return KeywordSummary.empty(window, normalized, now);
        }
        double score = 0;
        double observed = 0;
        double expected = 0;
        long events = 0;
        List<List<String>> phrases = new ArrayList<>(view.getEntries().size());
        for (TrendingEntry e : view.getEntries()) {
            score += e.getScore();
            observed += e.getObserved();
            expected += e.getExpected();
            events += e.getEvents();
            phrases.add(e.getKeyphrases());
        }
        return new KeywordSummary(window, normalized, DisplayPhrase.choose(normalized, phrases), score,
                view.getGeneratedAt().toEpochMilli(), observed, expected, view.getEntries().size(), events);
    }
}
