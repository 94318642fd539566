package io.papertrends.demo;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Durations;
import io.papertrends.ids.PaperIds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the demo's leaderboard as lines of at most {@link #WIDTH} characters: per window the
 * global top entries with rank, movement ({@code ↑ ↓ = ★}), title, top keyphrases and score.
 * Pure text; the caller decides how to put it on the screen.
 */
public final class LeaderboardView {
    /** Every line fits an 80-column terminal. */
    public static final int WIDTH = 80;
    private static final int TITLE = 40;
    private static final int PHRASES = 24;
    private static final int SCORE = 7;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final int top;
    /** Per window, the ranks of the board shown before the current one: what the reader saw last. */
    private final Map<String, Map<String, Integer>> before = new HashMap<>();
    /** Per window, the ranks of the board shown now. */
    private final Map<String, Map<String, Integer>> shown = new HashMap<>();

    /** @param top entries shown per window */
    public LeaderboardView(int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1");
        }
        this.top = top;
    }

    /**
     * The board's lines.
     *
     * @param windows the windows to show, in order (e.g. {@code 1h}, {@code 24h})
     * @param latest  the latest global update per window; a missing window shows as waiting
     * @param header  lines printed above the boards (each cut to the width)
     * @param footer  lines printed below the boards (each cut to the width)
     */
    /** Whether a window is a "now" board: shorter than an hour. */
    static boolean now(String window) {
        try {
            return Durations.parse(window).compareTo(Duration.ofHours(1)) < 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public List<String> render(List<String> windows, Map<String, TrendingUpdate> latest, List<String> header, List<String> footer) {
        List<String> lines = new ArrayList<>();
        header.forEach(h -> lines.add(fit(h, WIDTH)));
        for (String window : windows) {
            TrendingUpdate update = latest.get(window);
            String title = (now(window) ? "Taking off now" : "Trending papers") + " · global · last " + window;
            String asOf = update == null ? "" : "as of " + CLOCK.format(update.getAsOf());
            lines.add("");
            lines.add(fit(title + " ".repeat(Math.max(1, WIDTH - title.length() - asOf.length())) + asOf, WIDTH));
            lines.add(String.format(Locale.ROOT, "%2s %s %-" + TITLE + "s %-" + PHRASES + "s %" + SCORE + "s",
                    "#", " ", "title", "top keyphrases", "score"));
            if (update == null || update.getEntries().isEmpty()) {
                lines.add("    (waiting for the first ranking of this window …)");
                continue;
            }
            List<TrendingEntry> entries = update.getEntries().subList(0, Math.min(top, update.getEntries().size()));
            Map<String, Integer> ranks = new HashMap<>();
            entries.forEach(e -> ranks.put(e.getPaperId(), e.getRank()));
            if (!ranks.equals(shown.get(window))) {
                before.put(window, shown.get(window));
                shown.put(window, ranks);
            }
            Map<String, Integer> seen = before.get(window);
            for (TrendingEntry entry : entries) {
                lines.add(row(entry, seen == null ? arrow(entry) : arrow(seen.get(entry.getPaperId()), entry.getRank())));
            }
        }
        if (!footer.isEmpty()) {
            lines.add("");
        }
        footer.forEach(f -> lines.add(fit(f, WIDTH)));
        return lines;
    }

    static String row(TrendingEntry entry) {
        return row(entry, arrow(entry));
    }

    /** A row; a paper whose title has not arrived shows its id as readers know it (arXiv, DOI), never an internal hash. */
    static String row(TrendingEntry entry, String arrow) {
        String title = entry.getTitle();
        if (title == null || title.isBlank()) {
            title = PaperIds.readerLabel(entry.getPaperId()).map(label -> label + " (title arriving…)").orElse("(title arriving…)");
        }
        String phrases = String.join(", ", entry.getKeyphrases().subList(0, Math.min(3, entry.getKeyphrases().size())));
        return String.format(Locale.ROOT, "%2d %s %-" + TITLE + "s %-" + PHRASES + "s %" + SCORE + "s",
                entry.getRank(), arrow, fit(title, TITLE), fit(phrases, PHRASES), score(entry.getScore()));
    }

    /** Against the rank the reader saw last (null: not on that board): {@code ★}, {@code ↑}, {@code ↓} or {@code =}. */
    static String arrow(Integer seen, int rank) {
        if (seen == null) {
            return "★";
        }
        return seen > rank ? "↑" : seen < rank ? "↓" : "=";
    }

    /** The server's movement, for the first board a reader sees: {@code ★} new in the ranking, {@code ↑} up, {@code ↓} down, {@code =} same place. */
    static String arrow(TrendingEntry entry) {
        return switch (entry.getMovement()) {
            case NEW -> "★";
            case UP -> "↑";
            case DOWN -> "↓";
            case SAME -> "=";
            default -> " ";
        };
    }

    /** At most seven characters: {@code 12.3}, {@code 4567}, {@code 1.2e+07}. */
    static String score(double score) {
        if (score < 1000) {
            return String.format(Locale.ROOT, "%.1f", score);
        }
        if (score < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f", score);
        }
        return String.format(Locale.ROOT, "%.1e", score);
    }

    /** {@code text} without control characters, cut to {@code width} with an ellipsis. */
    static String fit(String text, int width) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        if (clean.length() <= width) {
            return clean;
        }
        int end = width - 1;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end).stripTrailing() + "…";
    }

    /** The wall-clock time as the board prints it. */
    public static String clock(Instant instant) {
        return CLOCK.format(instant);
    }
}
