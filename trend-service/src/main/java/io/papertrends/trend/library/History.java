package io.papertrends.trend.library;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A bounded history of a rank: a point when the rank changes, or every {@link #SAMPLE_MS} while
 * it holds, the last {@link #MAX_POINTS} kept. Rank 0 means "not ranked".
 */
final class History {
    static final int MAX_POINTS = 96;
    static final long SAMPLE_MS = 15 * 60_000L;

    /** One point: when (epoch millis), the rank (0: not ranked) and the score then. */
    record Point(long at, int rank, double score) { }

    private final Deque<Point> points = new ArrayDeque<>();

    synchronized void add(long at, int rank, double score) {
        Point last = points.peekLast();
        if (last != null && (at < last.at() || last.rank() == rank && at - last.at() < SAMPLE_MS)) {
            return;
        }
        if (last == null && rank == 0) {
            return;
        }
        points.addLast(new Point(at, rank, score));
        while (points.size() > MAX_POINTS) {
            points.removeFirst();
        }
    }

    synchronized List<Point> points() {
        return new ArrayList<>(points);
    }
}
