package io.papertrends.trend.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The best {@code k} items by score, at most one per id. Ties are broken by id (ascending), so
 * the same items always rank the same whatever order they were offered in. Offering an id again
 * replaces its previous score. Memory is bounded by {@code k} items.
 *
 * <p>Not thread-safe.
 *
 * @param <T> the item carried with each id
 */
public final class TopK<T> {
    /** Best first: higher score, then smaller id. */
    private static final Comparator<Scored<?>> BEST_FIRST = Comparator.<Scored<?>>comparingDouble(Scored::score).reversed()
            .thenComparing(Scored::id);

    private final int k;
    private final TreeSet<Scored<T>> order = new TreeSet<>(BEST_FIRST);
    private final Map<String, Scored<T>> byId = new HashMap<>();

    /** @param k how many items to keep; must be &gt; 0 */
    public TopK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
        this.k = k;
    }

    /**
     * Offers an item; returns whether it is among the best {@code k} afterwards. A {@code NaN}
     * score is rejected.
     */
    public boolean offer(String id, double score, T item) {
        Objects.requireNonNull(id, "id");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score of " + id + " is NaN");
        }
        remove(id);
        Scored<T> scored = new Scored<>(id, score, item);
        if (order.size() == k) {
            Scored<T> worst = order.last();
            if (BEST_FIRST.compare(scored, worst) > 0) {
                return false;
            }
            order.remove(worst);
            byId.remove(worst.id());
        }
        order.add(scored);
        byId.put(id, scored);
        return true;
    }

    /** Removes {@code id}; returns whether it was kept. */
    public boolean remove(String id) {
        Scored<T> old = byId.remove(id);
        if (old == null) {
            return false;
        }
        order.remove(old);
        return true;
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    public int size() {
        return order.size();
    }

    /** The kept items, best first. */
    public List<Scored<T>> ranked() {
        return List.copyOf(order);
    }

    /**
     * Compares a ranking with the previous ranking of the same scope.
     *
     * @param previous ids of the previous ranking, best first
     * @param current  the new ranking, best first
     * @return entries with their rank (1-based), previous rank and movement, the ids that left,
     *         and whether anything changed (order, membership)
     */
    public static <T> Diff<T> diff(List<String> previous, List<Scored<T>> current) {
        Map<String, Integer> previousRank = new HashMap<>();
        for (int i = 0; i < previous.size(); i++) {
            previousRank.putIfAbsent(previous.get(i), i + 1);
        }
        List<Entry<T>> entries = new ArrayList<>(current.size());
        Set<String> present = new LinkedHashSet<>();
        boolean changed = previous.size() != current.size();
        for (int i = 0; i < current.size(); i++) {
            Scored<T> s = current.get(i);
            int rank = i + 1;
            Integer before = previousRank.get(s.id());
            Movement movement;
            if (before == null) {
                movement = Movement.NEW;
            } else if (before > rank) {
                movement = Movement.UP;
            } else if (before < rank) {
                movement = Movement.DOWN;
            } else {
                movement = Movement.SAME;
            }
            changed |= movement != Movement.SAME;
            entries.add(new Entry<>(rank, before, movement, s));
            present.add(s.id());
        }
        List<String> left = new ArrayList<>();
        for (String id : previous) {
            if (!present.contains(id) && !left.contains(id)) {
                left.add(id);
            }
        }
        return new Diff<>(List.copyOf(entries), List.copyOf(left), changed || !left.isEmpty());
    }

    /** Ids of a ranking, best first. */
    public static List<String> ids(Collection<? extends Scored<?>> ranking) {
        List<String> out = new ArrayList<>(ranking.size());
        ranking.forEach(s -> out.add(s.id()));
        return out;
    }

    /** An id with its score and item. */
    public record Scored<T>(String id, double score, T item) { }

    /** How an entry moved since the previous ranking. */
    public enum Movement { NEW, UP, DOWN, SAME }

    /**
     * One ranked entry.
     *
     * @param rank         1-based rank
     * @param previousRank rank in the previous ranking, {@code null} when new
     */
    public record Entry<T>(int rank, Integer previousRank, Movement movement, Scored<T> scored) { }

    /**
     * A ranking compared with the previous one.
     *
     * @param entries the new ranking, best first
     * @param left    ids that were in the previous ranking and are not any more, in their previous order
     * @param changed whether the order or the membership changed
     */
    public record Diff<T>(List<Entry<T>> entries, List<String> left, boolean changed) { }
}
