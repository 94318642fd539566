package io.papertrends.trend.merge;

import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendMetrics;
import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.core.TrendState.Ranking;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.TopK;
import io.papertrends.trend.ranking.TrendingScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second ranking stage, keyed by scope and window: merges the candidate lists of all
 * partitions, ranks them at wall-clock time (decay), and emits a {@code TrendingUpdate} when
 * the ranking changed. Re-ranks only the scopes that received candidates and those in which a
 * ranked paper's score has decayed below the minimum (an expiry queue ordered by that time),
 * once per update interval: so at most one update per scope and window per interval.
 */
public final class MergeProcessor implements Processor<String, Candidates, String, TrendingUpdate> {
    private static final byte[] MARK = new byte[0];

    private final TrendConfig config;
    private final TrendingScore formula;
    private final TrendMetrics metrics;
    private ProcessorContext<String, TrendingUpdate> context;
    private KeyValueStore<String, Candidates> merged;
    private KeyValueStore<String, Ranking> rankings;
    private KeyValueStore<String, byte[]> dirty;
    private KeyValueStore<String, byte[]> expiry;
    private KeyValueStore<String, byte[]> keywordsChanged;

    public MergeProcessor(TrendConfig config, TrendMetrics metrics) {
        this.config = config;
        this.formula = config.score();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, TrendingUpdate> context) {
        this.context = context;
        merged = context.getStateStore(TrendStores.MERGE_CANDIDATES_STORE);
        rankings = context.getStateStore(TrendStores.RANKINGS_STORE);
        dirty = context.getStateStore(TrendStores.MERGE_DIRTY_STORE);
        expiry = context.getStateStore(TrendStores.EXPIRY_STORE);
        keywordsChanged = context.getStateStore(TrendStores.KEYWORD_SUMMARY_DIRTY_STORE);
        context.schedule(Duration.ofMillis(config.updateIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::rerankDue);
    }

    @Override
    public void process(Record<String, Candidates> record) {
        Candidates value = record.value();
        if (record.key() == null || value == null) {
            return;
        }
        String key = CompositeKey.parse(record.key()).child(String.format("%05d", value.partition()));
        if (value.candidates().isEmpty()) {
            merged.delete(key);
        } else {
            merged.put(key, value);
        }
        dirty.put(record.key(), MARK);
    }

    private void rerankDue(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = expiry.range(expiryKey(0, ""), expiryKey(now, "\uffff"))) {
            it.forEachRemaining(kv -> due.add(kv.key));
        }
        for (String key : due) {
            expiry.delete(key);
            dirty.put(CompositeKey.parse(key).tail(), MARK);
        }
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String key : changed) {
            dirty.delete(key);
            rerank(key, now);
        }
    }

    private void rerank(String key, long now) {
        CompositeKey ranking = CompositeKey.parse(key);
        String scope = ranking.tail();
        List<TopK.Scored<Candidate>> ranked = rank(latestCandidates(ranking, now), now);
        Ranking previous = rankings.get(key);
        if (previous == null) {
            previous = Ranking.EMPTY;
        }
        TopK.Diff<Candidate> diff = TopK.diff(previous.paperIds(), ranked);
        long eventTime = eventTime(ranked);
        TrendingUpdate update = diff.changed() ? update(ranking, diff, now, eventTime) : null;
        TrendingUpdate view = update;
        if (update == null && previous.view() != null && !ranked.isEmpty()) {
            view = refreshed(previous.view(), diff, now, eventTime);
        }
        store(key, previous, ranked, view, now);
        if (scope.startsWith(Scopes.KEYWORD_PREFIX)) {
            // The keyword's summary is sent by KeywordSummaryProcessor, scores may have changed even when the order did not.
            keywordsChanged.put(key, MARK);
        }
        if (update != null) {
            context.forward(new Record<>(scope, update, eventTime));
            metrics.update(latencyMs(ranked, now));
        }
    }

    /**
     * The latest candidate of each paper over the lists of all partitions. A list in which every
     * paper has decayed below the minimum score is forgotten.
     */
    private Collection<Candidate> latestCandidates(CompositeKey ranking, long now) {
        Map<String, Candidate> latest = new HashMap<>();
        List<String> decayed = new ArrayList<>();
        try (KeyValueIterator<String, Candidates> it = merged.prefixScan(ranking.childPrefix(), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                boolean alive = false;
                for (Candidate c : kv.value.candidates()) {
                    // After a rebalance two partitions' lists may both name a paper for a while: the later activity wins.
                    latest.merge(c.paperId(), c, (a, b) -> a.lastActiveMs() >= b.lastActiveMs() ? a : b);
                    alive |= c.raw() * formula.decay(now - c.lastActiveMs()) >= config.minScore();
                }
                if (!alive) {
                    decayed.add(kv.key);
                }
            });
        }
        // A partition sends a list only when it changes, so one whose papers all decayed would otherwise stay forever.
        decayed.forEach(merged::delete);
        return latest.values();
    }

    /** The best K by their score at {@code now}, those below the minimum score left out. */
    private List<TopK.Scored<Candidate>> rank(Collection<Candidate> candidates, long now) {
        TopK<Candidate> top = new TopK<>(config.topK());
        for (Candidate c : candidates) {
            double score = c.raw() * formula.decay(now - c.lastActiveMs());
            if (score >= config.minScore()) {
                top.offer(c.paperId(), score, c);
            }
        }
        return top.ranked();
    }

    /** The event time of the newest popularity update in the ranking; stream time when nothing is ranked. */
    private long eventTime(List<TopK.Scored<Candidate>> ranked) {
        long asOf = Long.MIN_VALUE;
        for (TopK.Scored<Candidate> s : ranked) {
            asOf = Math.max(asOf, s.item().asOfMs());
        }
        return asOf == Long.MIN_VALUE ? Math.max(0, context.currentStreamTimeMs()) : asOf;
    }

    private TrendingUpdate update(CompositeKey ranking, TopK.Diff<Candidate> diff, long now, long eventTime) {
        return TrendingUpdate.newBuilder()
                .setScope(ranking.tail()).setWindow(ranking.head())
                .setEntries(entries(diff, now))
                .setLeft(diff.left())
                .setGeneratedAt(Instant.ofEpochMilli(now))
                .setAsOf(Instant.ofEpochMilli(eventTime))
                .build();
    }

    /** Keeps the ranking with its view and queues it for when its first paper decays below the minimum score. */
    private void store(String key, Ranking previous, List<TopK.Scored<Candidate>> ranked, TrendingUpdate view, long now) {
        if (!previous.expiryKey().isEmpty()) {
            expiry.delete(previous.expiryKey());
        }
        if (ranked.isEmpty()) {
            rankings.delete(key);
            return;
        }
        String expiryKey = expiryKey(nextExpiry(ranked, now), key);
        Map<String, String> urls = new HashMap<>();
        for (TopK.Scored<Candidate> s : ranked) {
            if (s.item().url() != null) {
                urls.put(s.item().paperId(), s.item().url());
            }
        }
        rankings.put(key, new Ranking(TopK.ids(ranked), expiryKey, view, urls));
        expiry.put(expiryKey, MARK);
    }

    /** The wall-clock time the first ranked paper's score falls below the minimum, at the earliest the next millisecond. */
    private long nextExpiry(List<TopK.Scored<Candidate>> ranked, long now) {
        long next = Long.MAX_VALUE;
        for (TopK.Scored<Candidate> s : ranked) {
            next = Math.min(next, formula.fallsBelowAt(s.item().raw(), s.item().lastActiveMs(), config.minScore()) + 1);
        }
        return Math.max(next, now + 1);
    }

    /** Wall-clock time since the ranking's newest activity reached this service; -1 when nothing is ranked. */
    private static long latencyMs(List<TopK.Scored<Candidate>> ranked, long now) {
        long lastActive = Long.MIN_VALUE;
        for (TopK.Scored<Candidate> s : ranked) {
            lastActive = Math.max(lastActive, s.item().lastActiveMs());
        }
        return lastActive == Long.MIN_VALUE ? -1 : now - lastActive;
    }

    /** The last emitted ranking (same papers in the same order) with the current score parts; ranks and movements kept. */
    private TrendingUpdate refreshed(TrendingUpdate last, TopK.Diff<Candidate> diff, long now, long eventTime) {
        List<TrendingEntry> current = entries(diff, now);
        List<TrendingEntry> out = new ArrayList<>(current.size());
        for (int i = 0; i < current.size(); i++) {
            TrendingEntry fresh = current.get(i);
            TrendingEntry kept = i < last.getEntries().size() ? last.getEntries().get(i) : fresh;
            out.add(TrendingEntry.newBuilder(fresh)
                    .setRank(kept.getRank()).setPreviousRank(kept.getPreviousRank()).setMovement(kept.getMovement())
                    .build());
        }
        return TrendingUpdate.newBuilder(last).setEntries(out).setGeneratedAt(Instant.ofEpochMilli(now))
                .setAsOf(Instant.ofEpochMilli(eventTime)).build();
    }

    private List<TrendingEntry> entries(TopK.Diff<Candidate> diff, long now) {
        List<TrendingEntry> out = new ArrayList<>(diff.entries().size());
        for (TopK.Entry<Candidate> e : diff.entries()) {
            Candidate c = e.scored().item();
            out.add(TrendingEntry.newBuilder()
                    .setRank(e.rank()).setPreviousRank(e.previousRank()).setMovement(Movement.valueOf(e.movement().name()))
                    .setPaperId(c.paperId()).setTitle(c.title()).setKeyphrases(c.keyphrases())
                    .setScore(e.scored().score()).setObserved(c.observed()).setExpected(c.expected()).setGrowth(c.growth())
                    .setDecay(formula.decay(now - c.lastActiveMs())).setEvents(c.events()).setReaders(c.readers())
                    .build());
        }
        return out;
    }

    /** Orders by the wall-clock time a ranking is due for re-ranking, then window and scope; the tail is the ranking's key. */
    private static String expiryKey(long at, String rankingKey) {
        String millis = Long.toString(Math.max(0, Math.min(at, 9_999_999_999_999L)));
        return new CompositeKey("0".repeat(13 - millis.length()) + millis, rankingKey).encode();
    }
}
