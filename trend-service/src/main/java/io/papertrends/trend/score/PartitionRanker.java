package io.papertrends.trend.score;

import io.papertrends.avro.EventCounts;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.PaperKey;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.core.TrendState.PaperMeta;
import io.papertrends.trend.core.TrendState.PaperState;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.TrendingScore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first ranking stage, one per partition: per paper and window the baseline and the current
 * score; per scope and window the best {@code K} candidates of this partition. Candidate lists
 * that changed are marked so that {@link #flush} sends each at most once per interval.
 *
 * <p>The stores of this stage are write-back caches of live objects ({@link KeyValueWriteBackStore}):
 * a popularity update changes a paper's state, the field's sums and a few candidate lists in
 * memory, and they reach the stores and changelogs once per commit. Candidate lists hold ids and
 * numbers ({@link Standings}); titles, keyphrases and landing pages join when a list is sent.
 *
 * <p>The field-wide baseline is estimated per partition: papers are spread over partitions by a
 * hash of their id, so each partition's active papers are a sample of the field. A change of the
 * field baseline re-scores a paper at its next popularity record, not at once.
 */
final class PartitionRanker {
    private static final byte[] MARK = new byte[0];
    private static final double GROWTH_CAP = 2;
    private static final String FIELD_OBSERVED = "observed";
    private static final String FIELD_BASELINE = "baseline";

    private final TrendConfig config;
    private final TrendingScore formula;
    private final KeyValueWriteBackStore<String, PaperMeta> meta;
    private final KeyValueWriteBackStore<String, PaperState> papers;
    private final KeyValueWriteBackStore<String, Double> field;
    private final KeyValueWriteBackStore<String, Standings> candidates;
    private final KeyValueStore<String, byte[]> dirty;
    private final Standings.Order order;
    private final int partition;
    private String sweepFrom;
    /** The keys of the global lists of the windows this ranker has seen, flushed every update interval. */
    private final Set<String> globalKeys = new LinkedHashSet<>();

    PartitionRanker(TrendConfig config, ProcessingContext context) {
        this.config = config;
        this.formula = config.score();
        this.meta = context.getStateStore(TrendStores.META_STORE);
        this.papers = context.getStateStore(TrendStores.PAPER_STORE);
        this.field = context.getStateStore(TrendStores.FIELD_STORE);
        this.candidates = context.getStateStore(TrendStores.PARTITION_CANDIDATES_STORE);
        this.dirty = context.getStateStore(TrendStores.PARTITION_DIRTY_STORE);
        this.partition = context.taskId().partition();
        this.order = Standings.Order.of(formula);
    }

    /** A popularity update: a closed final feeds the baselines, an open one is the paper's current activity. */
    void onPopularity(String paper, PaperPopularity p, long eventTime, long now) {
        String window = p.getWindow();
        if (globalKeys.size() < 64) {
            globalKeys.add(new CompositeKey(window, Scopes.GLOBAL).encode());
        }
        String key = new PaperKey(paper, window).encode();
        PaperState stored = papers.live(key);
        PaperState state = stored == null ? PaperState.EMPTY : stored;
        if (p.getClosed()) {
            long end = p.getWindowEnd().toEpochMilli();
            if (end <= state.lastFinalEnd()) {
                return;
            }
            Double fieldBaseline = field.live(window);
            field.update(window, TrendingScore.updateBaseline(fieldBaseline == null ? Double.NaN : fieldBaseline, p.getScore(), config.fieldAlpha()));
            double alpha = config.baselineAlpha(state.lastFinalEnd() > 0 ? end - state.lastFinalEnd() : 0);
            state = new PaperState(TrendingScore.updateBaseline(state.baseline(), p.getScore(), alpha), end,
                    state.observed(), state.events(), state.readers(), state.lastActiveMs(), state.asOfMs(), now,
                    state.historyWith(end, p.getScore()));
        } else {
            state = new PaperState(state.baseline(), state.lastFinalEnd(), p.getScore(), total(p.getCounts()), p.getUniqueReaders(),
                    now, eventTime, now, state.history());
        }
        if (stored == null) {
            // A new key is written through, so that a scan of the store behind the cache (onMetadata, sweep) finds it.
            papers.updateThrough(key, state);
        } else {
            papers.update(key, state);
        }
        trackFieldActivity(window, stored, state);
        if (state.active()) {
            rescore(paper, window, state, meta.live(paper), now);
        }
    }

    /**
     * Keeps, per window, the sums over this partition's active papers of their current engagement
     * (capped at {@value #GROWTH_CAP}× their own baseline, so bursts do not move it) and of their own
     * baselines: their ratio is how busy the whole field is now against its usual level (the time
     * of day, a conference deadline), which scales every paper's expectation.
     */
    private void trackFieldActivity(String window, PaperState before, PaperState after) {
        double dObserved = contribution(after, true) - contribution(before, true);
        double dBaseline = contribution(after, false) - contribution(before, false);
        if (dObserved == 0 && dBaseline == 0) {
            return;
        }
        add(fieldKey(window, FIELD_OBSERVED), dObserved);
        add(fieldKey(window, FIELD_BASELINE), dBaseline);
    }

    private void add(String key, double delta) {
        Double sum = field.live(key);
        field.update(key, Math.max(0, (sum == null ? 0 : sum) + delta));
    }

    private static double contribution(PaperState s, boolean observed) {
        if (s == null || !s.active() || Double.isNaN(s.baseline()) || !(s.baseline() > 0)) {
            return 0;
        }
        return observed ? Math.min(s.observed(), GROWTH_CAP * s.baseline()) : s.baseline();
    }

    /** The field's activity now over its usual level in {@code window}: 1 when unknown, clamped to [1/4, 4]. */
    private double fieldGrowth(String window) {
        Double observed = field.live(fieldKey(window, FIELD_OBSERVED));
        Double baseline = field.live(fieldKey(window, FIELD_BASELINE));
        if (observed == null || baseline == null || !(baseline > 0)) {
            return 1;
        }
        return Math.max(0.25, Math.min(4, observed / baseline));
    }

    /**
     * A paper's title, keyphrases or categories changed: move it to its new scopes. A paper
     * deleted at its source ({@code updated} null, from a tombstone) leaves every ranking,
     * {@code global} included, and its activity is forgotten as after the retention.
     */
    void onMetadata(String paper, PaperMeta updated, long now) {
        PaperMeta previous = meta.live(paper);
        if (updated == null) {
            meta.remove(paper);
        } else {
            meta.update(paper, updated);
        }
        // The store behind the cache has every key (new ones are written through); the values are the live ones.
        List<KeyValue<String, PaperState>> windows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, PaperState> it = papers.prefixScan(PaperKey.prefix(paper), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String key : keys) {
            PaperState state = papers.live(key);
            if (state != null) {
                windows.add(KeyValue.pair(key, state));
            }
        }
        if (updated == null) {
            for (KeyValue<String, PaperState> kv : windows) {
                String window = PaperKey.parse(kv.key).window();
                for (String scope : scopes(previous)) {
                    upsert(window, scope, paper, null, now);
                }
                trackFieldActivity(window, kv.value, null);
                papers.remove(kv.key);
            }
            return;
        }
        Set<String> gone = new LinkedHashSet<>(scopes(previous));
        gone.removeAll(scopes(updated));
        for (KeyValue<String, PaperState> kv : windows) {
            String window = PaperKey.parse(kv.key).window();
            for (String scope : gone) {
                upsert(window, scope, paper, null, now);
            }
            if (kv.value.active()) {
                rescore(paper, window, kv.value, updated, now);
            }
        }
    }

    private void rescore(String paper, String window, PaperState state, PaperMeta paperMeta, long now) {
        Double fieldBaseline = field.live(window);
        TrendingScore.Result r = formula.score(state.observed(), state.events(), state.baseline(), fieldBaseline == null ? Double.NaN : fieldBaseline,
                fieldGrowth(window), now - state.lastActiveMs());
        // Ids and numbers only: the title, keyphrases and landing page join at the flush (Standings).
        Candidate candidate = r.raw() <= 0 ? null : new Candidate(paper, null, List.of(), r.raw(), r.observed(), r.expected(), r.growth(),
                state.events(), state.readers(), state.lastActiveMs(), state.asOfMs(), null);
        for (String scope : scopes(paperMeta)) {
            upsert(window, scope, paper, candidate, now);
        }
    }

    /** Puts {@code candidate} in place of {@code paper} in a scope's list (removes it when null), keeping the best K. */
    private void upsert(String window, String scope, String paper, Candidate candidate, long now) {
        String key = new CompositeKey(window, scope).encode();
        Standings list = candidates.live(key);
        if (list == null) {
            if (candidate == null) {
                return;
            }
            list = Standings.empty(Math.min(config.topK(), 16));
        }
        if (!list.upsert(paper, candidate, config.topK(), order, config.minScore(), now)) {
            return;
        }
        if (list.isEmpty()) {
            candidates.remove(key);
            dirty.put(key, MARK);
            return;
        }
        candidates.update(key, list);
        if (!list.marked) {
            list.marked = true;
            dirty.put(key, MARK);
        }
    }

    /**
     * Sends the global candidate list of every window changed since the last flush (an empty list
     * clears it downstream): called every update interval.
     */
    void flushGlobal(BiConsumer<String, Candidates> send) {
        for (String key : globalKeys) {
            if (dirty.get(key) != null) {
                send(key, send);
            }
        }
    }

    /**
     * Sends the candidate list of every scope and window changed since the last flush: called
     * every scope interval ({@link TrendConfig#scopeIntervalMs()}), so a keyword's or category's
     * list goes to the merge at most once per that interval however often it changes.
     */
    void flush(BiConsumer<String, Candidates> send) {
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String key : changed) {
            send(key, send);
        }
    }

    private void send(String key, BiConsumer<String, Candidates> send) {
        dirty.delete(key);
        Standings list = candidates.live(key);
        if (list == null) {
            send.accept(key, new Candidates(partition, List.of()));
            return;
        }
        list.marked = false;
        send.accept(key, new Candidates(partition, withMetadata(list.items())));
    }

    /** The candidates with the title, keyphrases and landing page their papers' metadata give now. */
    private List<Candidate> withMetadata(List<Candidate> slim) {
        List<Candidate> out = new ArrayList<>(slim.size());
        for (Candidate c : slim) {
            PaperMeta m = meta.live(c.paperId());
            out.add(m == null ? c : new Candidate(c.paperId(), m.title(), m.keyphrases(), c.raw(), c.observed(), c.expected(), c.growth(),
                    c.events(), c.readers(), c.lastActiveMs(), c.asOfMs(), m.url()));
        }
        return out;
    }

    /**
     * Forgets papers without any popularity record for longer than the retention, visiting at
     * most {@code max} papers per call and resuming where the previous call stopped, so the
     * cost per call stays bounded however many papers the partition holds.
     */
    void sweep(long now, int max) {
        List<String> expired = new ArrayList<>();
        String next = null;
        int visited = 0;
        // The store behind the cache holds every key, with values as of the last commit: enough to find
        // candidates, whose live values decide.
        try (KeyValueIterator<String, PaperState> it = papers.range(sweepFrom, null)) {
            while (it.hasNext()) {
                KeyValue<String, PaperState> kv = it.next();
                if (visited == max) {
                    next = kv.key;
                    break;
                }
                visited++;
                if (now - kv.value.lastSeenMs() > config.stateRetentionMs()) {
                    expired.add(kv.key);
                }
            }
        }
        for (String key : expired) {
            PaperState live = papers.live(key);
            if (live != null && now - live.lastSeenMs() > config.stateRetentionMs()) {
                trackFieldActivity(PaperKey.parse(key).window(), live, null);
                papers.remove(key);
            }
        }
        sweepFrom = next;
    }

    private List<String> scopes(PaperMeta paperMeta) {
        List<String> out = new ArrayList<>();
        out.add(Scopes.GLOBAL);
        if (paperMeta != null) {
            out.addAll(paperMeta.scopes());
        }
        return out;
    }

    /** A sum over the window's active papers, beside the field baseline itself (keyed by the window alone). */
    private static String fieldKey(String window, String sum) {
        return new CompositeKey(window, sum).encode();
    }

    private static long total(EventCounts c) {
        return c.getViews() + c.getDownloads() + c.getUpvotes() + c.getBookmarks() + c.getShares() + c.getCitations();
    }
}
