package io.papertrends.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The popularity windows every service agrees on ({@value #CONFIG}): {@code size:advance} pairs,
 * e.g. {@code 1h:5m,24h:1h,7d:1d}; a window is named by its size as written ({@code 1h}). The
 * enrich service computes them, the trend service ranks and serves them by name; the shortest is
 * the "now" board, what is taking off right now.
 */
public final class WindowList {
    public static final String CONFIG = "papertrends.popularity.windows";
    /**
     * The default windows: 10 min advancing every minute (the "now" board, where a small burst
     * shows within minutes rather than diluted in an hour), 1 h every 5 min, 24 h every 1 h, 7 d
     * every 1 d.
     */
    public static final String DEFAULTS = "10m:1m,1h:5m,24h:1h,7d:1d";
    /** How late an event may arrive and still be counted in its windows; ingest rejects events no window can count any more. */
    public static final String GRACE = "papertrends.popularity.grace";
    public static final String DEFAULT_GRACE = "15m";

    private WindowList() { }

    /**
     * One configured window.
     *
     * @param name    its size as written, e.g. {@code 24h}
     */
    public record Window(String name, Duration size, Duration advance) { }

    /**
     * Parses {@code size:advance} pairs (durations as {@link Durations#parse} reads them).
     *
     * @throws IllegalArgumentException naming {@value #CONFIG} and what is wrong: a pair without
     *                                  {@code :}, a bad duration, no window, two windows of one name
     */
    public static List<Window> parse(String text) {
        List<Window> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] sa = p.split(":");
            if (sa.length != 2) {
                throw new IllegalArgumentException(CONFIG + ": window '" + p + "' must be size:advance, e.g. 24h:1h");
            }
            try {
                out.add(new Window(sa[0].trim(), Durations.parse(sa[0].trim()), Durations.parse(sa[1].trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CONFIG + ": window '" + p + "': " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(CONFIG + ": no windows configured");
        }
        if (out.stream().map(Window::name).distinct().count() != out.size()) {
            throw new IllegalArgumentException(CONFIG + ": window names must be distinct: " + text);
        }
        return List.copyOf(out);
    }

    /** The configured windows of {@code settings} (the defaults when unset). */
    public static List<Window> from(Settings settings) {
        return parse(settings.get(CONFIG, DEFAULTS));
    }
}
