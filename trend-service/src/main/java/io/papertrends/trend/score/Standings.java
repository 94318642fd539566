package io.papertrends.trend.score;

import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.ranking.TrendingScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The best candidates of one scope and window in one partition, best first, changed in place by
 * {@link PartitionRanker} at every popularity update of one of them.
 *
 * <p>Candidates here carry ids and the score's parts only: titles, keyphrases and landing pages
 * are added from the paper's metadata when a list is sent to the merge, so an update reads and
 * writes no strings but the paper's id. The order key {@code log2(raw) + lastActive / halfLife}
 * orders candidates as their decayed scores do at any time (the decay is the same function of
 * the time for every paper), so a list stays sorted as time passes and an update moves one
 * candidate: a removal and a binary-search insertion, no re-sorting.
 *
 * <p>Stored (and logged) in the format of {@link Candidates}, without titles.
 */
public final class Standings {
    static final Serde<Standings> SERDE = Serdes.serdeFrom(
            (topic, s) -> s == null ? null : Candidates.SERDE.serializer().serialize(topic, s.asCandidates(-1)),
            (topic, bytes) -> bytes == null ? null : Standings.of(Candidates.SERDE.deserializer().deserialize(topic, bytes)));

    /** Rough bytes of one candidate on the heap, for the write-back cache's budget. */
    private static final long CANDIDATE_BYTES = 200;

    private final List<Candidate> items;
    private final List<Double> keys;
    /** Whether the list is marked to be sent at the next flush (not stored: a reloaded list is marked again at its next change). */
    boolean marked;

    private Standings(int capacity) {
        items = new ArrayList<>(capacity);
        keys = new ArrayList<>(capacity);
    }

    static Standings empty(int capacity) {
        return new Standings(capacity);
    }

    /** A stored list, without the titles, keyphrases and landing pages an earlier format kept. */
    static Standings of(Candidates stored) {
        Standings s = new Standings(stored.candidates().size());
        for (Candidate c : stored.candidates()) {
            Candidate slim = slim(c);
            s.items.add(slim);
            s.keys.add(Double.NaN);
        }
        return s;
    }

    /** {@code c} without the parts the merge takes from the paper's metadata. */
    static Candidate slim(Candidate c) {
        if (c.title() == null && c.keyphrases().isEmpty() && c.url() == null) {
            return c;
        }
        return new Candidate(c.paperId(), null, List.of(), c.raw(), c.observed(), c.expected(), c.growth(), c.events(), c.readers(),
                c.lastActiveMs(), c.asOfMs(), null);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    List<Candidate> items() {
        return items;
    }

    long weight() {
        return 64 + CANDIDATE_BYTES * items.size();
    }

    /**
     * Puts {@code candidate} (null: nothing) in place of {@code paper}'s entry, keeping the best
     * {@code k} whose decayed score at {@code now} is at least {@code minScore}; returns whether
     * the list changed.
     */
    boolean upsert(String paper, Candidate candidate, int k, Order order, double minScore, long now) {
        ensureKeys(order);
        int at = indexOf(paper);
        if (at >= 0 && candidate != null && items.get(at).equals(candidate)) {
            return trim(k, order, minScore, now);
        }
        boolean changed = false;
        if (at >= 0) {
            items.remove(at);
            keys.remove(at);
            changed = true;
        }
        if (candidate != null && order.decayed(candidate, now) >= minScore) {
            double key = order.key(candidate);
            int position = position(key, candidate.paperId());
            if (position < k) {
                items.add(position, candidate);
                keys.add(position, key);
                changed = true;
            }
        }
        return trim(k, order, minScore, now) || changed;
    }

    /** Drops what lies beyond {@code k} and, from the end, what has decayed below {@code minScore}. */
    private boolean trim(int k, Order order, double minScore, long now) {
        boolean changed = false;
        while (items.size() > k || (!items.isEmpty() && order.decayed(items.get(items.size() - 1), now) < minScore)) {
            items.remove(items.size() - 1);
            keys.remove(keys.size() - 1);
            changed = true;
        }
        return changed;
    }

    private int indexOf(String paper) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).paperId().equals(paper)) {
                return i;
            }
        }
        return -1;
    }

    /** Where a candidate of order key {@code key} goes: after every better one (higher key, or equal key and smaller id). */
    private int position(double key, String id) {
        int lo = 0;
        int hi = items.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double k = keys.get(mid);
            boolean better = k > key || (k == key && items.get(mid).paperId().compareTo(id) < 0);
            if (better) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Order keys of a list read from the store; a list written by an earlier version is sorted again. */
    private void ensureKeys(Order order) {
        if (items.isEmpty() || !Double.isNaN(keys.get(0))) {
            return;
        }
        List<Candidate> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> {
            int byKey = Double.compare(order.key(b), order.key(a));
            return byKey != 0 ? byKey : a.paperId().compareTo(b.paperId());
        });
        items.clear();
        keys.clear();
        for (Candidate c : sorted) {
            items.add(c);
            keys.add(order.key(c));
        }
    }

    /** The list as the merge receives it, from {@code partition}. */
    Candidates asCandidates(int partition) {
        return new Candidates(partition, items);
    }

    /** How candidates compare: their decayed score now, and a key that orders them alike at any time. */
    interface Order {
        double decayed(Candidate c, long now);

        double key(Candidate c);

        /** The order of {@code formula}'s scores: decayed at {@code now}, keyed by {@link TrendingScore#orderKey}. */
        static Order of(TrendingScore formula) {
            return new Order() {
                @Override
                public double decayed(Candidate c, long now) {
                    return c.raw() * formula.decay(now - c.lastActiveMs());
                }

                @Override
                public double key(Candidate c) {
                    return formula.orderKey(c.raw(), c.lastActiveMs());
                }
            };
        }
    }
}
