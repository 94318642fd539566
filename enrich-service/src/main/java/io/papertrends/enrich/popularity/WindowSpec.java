package io.papertrends.enrich.popularity;

import io.papertrends.config.Durations;
import io.papertrends.config.WindowList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A hopping window: its name (its length, e.g. {@code 24h}), its size and how far it advances.
 * Windows start at multiples of {@code advance} since the epoch and the size is a multiple of
 * the advance, so every window is the union of {@code size / advance} whole panes of length
 * {@code advance}.
 */
public record WindowSpec(String name, long sizeMs, long advanceMs) {

    public WindowSpec {
        if (advanceMs <= 0 || sizeMs <= 0) {
            throw new IllegalArgumentException("window " + name + ": size and advance must be positive");
        }
        if (sizeMs % advanceMs != 0) {
            throw new IllegalArgumentException("window " + name + ": size must be a multiple of the advance");
        }
    }

    /** The default windows: 1 h advancing every 5 min, 24 h every 1 h, 7 d every 1 d. */
    public static final String DEFAULTS = WindowList.DEFAULTS;

    /** Parses {@code size:advance} pairs, e.g. {@code 1h:5m,24h:1h,7d:1d} (see {@link WindowList#parse}). */
    public static List<WindowSpec> parseAll(String text) {
        List<WindowSpec> out = new ArrayList<>();
        for (WindowList.Window w : WindowList.parse(text)) {
            out.add(new WindowSpec(w.name(), w.size().toMillis(), w.advance().toMillis()));
        }
        return List.copyOf(out);
    }

    /** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} (or an ISO-8601 duration); see {@link Durations}. */
    /** A number that differs for different window lists (names, sizes, advances and order), to tell the state's windows from the configured ones. */
    static long fingerprint(List<WindowSpec> specs) {
        long h = 1125899906842597L;
        for (WindowSpec s : specs) {
            h = 31 * h + s.name().hashCode();
            h = 31 * h + Long.hashCode(s.sizeMs());
            h = 31 * h + Long.hashCode(s.advanceMs());
        }
        return h;
    }

    public static Duration parseDuration(String text) {
        return Durations.parse(text);
    }

    /** Start of the pane holding {@code t}. */
    public long paneStart(long t) {
        return Math.floorDiv(t, advanceMs) * advanceMs;
    }

    /** End of the earliest-ending window holding {@code t}: the "current" window at time t. */
    public long currentWindowEnd(long t) {
        return paneStart(t) + advanceMs;
    }

    /** End of the latest-ending window holding {@code t}. */
    public long lastWindowEnd(long t) {
        return paneStart(t) + sizeMs;
    }

    /** Panes per window. */
    public int panes() {
        return (int) (sizeMs / advanceMs);
    }
}
