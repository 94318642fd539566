package io.papertrends.enrich.popularity;

import io.papertrends.avro.EventType;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The weighted engagement score of a window.
 *
 * <pre>
 *   score = Σ_{t ∈ reader actions} w_t · min(count_t, readers)  +  w_citation · citations
 * </pre>
 *
 * Reader actions are views, downloads, upvotes, bookmarks and shares. Capping each at the
 * number of distinct readers means a reader who reloads a page a thousand times adds at most
 * what one reader can add: raw clicks can't be farmed by one account. Citations are not reader
 * actions, so they are not capped. Default weights: view 1, download 2, bookmark 3, upvote 4,
 * share 5, citation 8 (configurable with {@code papertrends.popularity.weights}).
 */
public final class EngagementScore {
    public static final String DEFAULT_WEIGHTS = "view:1,download:2,bookmark:3,upvote:4,share:5,citation:8";

    private final double[] weights = new double[EventCounts.TYPES];

    public EngagementScore(Map<EventType, Double> weights) {
        weights.forEach((type, w) -> {
            if (type == EventType.UNKNOWN) {
                return;
            }
            if (w < 0 || w.isNaN()) {
                throw new IllegalArgumentException("weight of " + type + " must be >= 0");
            }
            this.weights[type.ordinal()] = w;
        });
    }

    /** Parses {@code type:weight} pairs; types not named get weight 0. */
    public static EngagementScore parse(String text) {
        Map<EventType, Double> out = new EnumMap<>(EventType.class);
        for (String part : text.split(",")) {
            String[] tw = part.trim().split(":");
            if (tw.length != 2) {
                throw new IllegalArgumentException("weight '" + part + "' must be type:weight");
            }
            try {
                out.put(EventType.valueOf(tw[0].trim().toUpperCase(Locale.ROOT)), Double.parseDouble(tw[1].trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("weight '" + part + "': unknown type or not a number", e);
            }
        }
        return new EngagementScore(out);
    }

    public static EngagementScore defaults() {
        return parse(DEFAULT_WEIGHTS);
    }

    public double score(long[] counts, long readers) {
        double s = 0;
        for (int t = 0; t < EventCounts.TYPES; t++) {
            long c = t == EventType.CITATION.ordinal() ? counts[t] : Math.min(counts[t], readers);
            s += weights[t] * c;
        }
        return s;
    }
}
