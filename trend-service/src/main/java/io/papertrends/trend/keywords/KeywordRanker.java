package io.papertrends.trend.keywords;

import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.trend.core.Codec;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.KeywordSummary;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.TopK;
import io.papertrends.trend.ranking.TrendingScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The keyword stage, keyed by window: ranks keyphrases by the summed trending score of their
 * ranked papers ({@link KeywordSummary}, one per keyword scope) and emits a
 * {@code TrendingKeywords} when a window's ranking changed, at most once per update interval.
 *
 * <p>Every update interval (wall clock) it re-ranks the windows that received summaries and
 * those whose last-ranked keyword has decayed below the minimum score. Decay is the same
 * function of time for every keyword, so it never reorders a ranking; it only drops keywords.
 * Per window it keeps the best {@value #KEPT_PER_RANKED}·K summaries and forgets the others
 * and those that decayed below the minimum score, so its state stays bounded.
 *
 * <p>The current ranking of each window is kept in {@value TrendStores#KEYWORD_RANKINGS_STORE}
 * as queries answer it: the last emitted ranking (ranks and movements as of its last change)
 * with refreshed scores.
 */
public final class KeywordRanker implements Processor<String, KeywordSummary, String, TrendingKeywords> {
    /** Summaries kept per window, as a multiple of the keywords ranked: room for keywords to climb back. */
    static final int KEPT_PER_RANKED = 10;
    /** Value serde of {@value TrendStores#KEYWORD_RANKINGS_STORE}: the Avro record in its single-object encoding. */
    public static final Serde<TrendingKeywords> RANKINGS_SERDE = Codec.serde(
            (v, out) -> Codec.writeAvro(out, v, TrendingKeywords.getEncoder()::encode),
            in -> Codec.readAvro(in, TrendingKeywords.getDecoder()::decode));
    private static final byte[] MARK = new byte[0];

    private final TrendConfig config;
    private final TrendingScore formula;
    private ProcessorContext<String, TrendingKeywords> context;
    private KeyValueStore<String, KeywordSummary> scores;
    private KeyValueStore<String, TrendingKeywords> rankings;
    private KeyValueStore<String, byte[]> dirty;

    public KeywordRanker(TrendConfig config) {
        this.config = config;
        this.formula = config.score();
    }

    @Override
    public void init(ProcessorContext<String, TrendingKeywords> context) {
        this.context = context;
        scores = context.getStateStore(TrendStores.KEYWORD_SCORES_STORE);
        rankings = context.getStateStore(TrendStores.KEYWORD_RANKINGS_STORE);
        dirty = context.getStateStore(TrendStores.KEYWORD_DIRTY_STORE);
        context.schedule(Duration.ofMillis(config.updateIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::rerankDue);
    }

    @Override
    public void process(Record<String, KeywordSummary> record) {
        KeywordSummary summary = record.value();
        if (summary == null || !CompositeKey.fitsHead(summary.window())) {
            return;
        }
        String key = new CompositeKey(summary.window(), summary.normalized()).encode();
        if (summary.isEmpty()) {
            scores.delete(key);
        } else {
            scores.put(key, summary);
        }
        dirty.put(summary.window(), MARK);
    }

    private void rerankDue(long now) {
        try (KeyValueIterator<String, TrendingKeywords> it = rankings.all()) {
            it.forEachRemaining(kv -> {
                List<KeywordEntry> entries = kv.value.getKeywords();
                if (!entries.isEmpty() && now > formula.fallsBelowAt(entries.get(entries.size() - 1).getScore(),
                        kv.value.getGeneratedAt().toEpochMilli(), config.minScore())) {
                    dirty.put(kv.key, MARK);
                }
            });
        }
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String window : changed) {
            dirty.delete(window);
            rerank(window, now);
        }
    }

    private void rerank(String window, long now) {
        TopK<KeywordSummary> kept = new TopK<>(KEPT_PER_RANKED * config.keywordsTopK());
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, KeywordSummary> it = scores.prefixScan(CompositeKey.prefix(window), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, KeywordSummary> kv = it.next();
                keys.add(kv.key);
                double score = score(kv.value, now);
                if (score >= config.minScore()) {
                    kept.offer(kv.value.normalized(), score, kv.value);
                }
            }
        }
        for (String key : keys) {
            if (!kept.contains(CompositeKey.parse(key).tail())) {
                scores.delete(key);
            }
        }
        List<TopK.Scored<KeywordSummary>> all = kept.ranked();
        List<TopK.Scored<KeywordSummary>> ranked = all.subList(0, Math.min(all.size(), config.keywordsTopK()));
        TrendingKeywords previous = rankings.get(window);
        List<String> previousIds = new ArrayList<>();
        if (previous != null) {
            previous.getKeywords().forEach(e -> previousIds.add(e.getNormalized()));
        }
        TopK.Diff<KeywordSummary> diff = TopK.diff(previousIds, ranked);
        TrendingKeywords current = TrendingKeywords.newBuilder().setWindow(window).setKeywords(entries(diff, previous))
                .setGeneratedAt(Instant.ofEpochMilli(now)).build();
        if (ranked.isEmpty()) {
            rankings.delete(window);
        } else {
            rankings.put(window, current);
        }
        if (diff.changed()) {
            context.forward(new Record<>(window, current, Math.max(0, context.currentStreamTimeMs())));
        }
    }

    /** Entries with their current scores; unless the ranking changed, with the ranks and movements last emitted. */
    private static List<KeywordEntry> entries(TopK.Diff<KeywordSummary> diff, TrendingKeywords previous) {
        List<KeywordEntry> out = new ArrayList<>(diff.entries().size());
        for (int i = 0; i < diff.entries().size(); i++) {
            TopK.Entry<KeywordSummary> e = diff.entries().get(i);
            KeywordSummary s = e.scored().item();
            KeywordEntry.Builder entry = KeywordEntry.newBuilder()
                    .setRank(e.rank()).setPreviousRank(e.previousRank()).setMovement(Movement.valueOf(e.movement().name()))
                    .setPhrase(s.phrase()).setNormalized(s.normalized()).setScore(e.scored().score()).setGrowth(s.growth())
                    .setPapers(s.papers()).setEvents(s.events());
            if (!diff.changed() && previous != null) {
                KeywordEntry last = previous.getKeywords().get(i);
                entry.setPreviousRank(last.getPreviousRank()).setMovement(last.getMovement());
            }
            out.add(entry.build());
        }
        return out;
    }

    private double score(KeywordSummary s, long now) {
        return s.scoreAtRef() * formula.decay(now - s.refMs());
    }
}
