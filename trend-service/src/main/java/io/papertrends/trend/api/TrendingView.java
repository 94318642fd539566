package io.papertrends.trend.api;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.ids.PaperIds;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/trending}: the current ranking of a scope and window, best first.
 *
 * @param generatedAt when the ranking was computed (ISO-8601), null when nothing is ranked
 * @param asOf        event time the ranking reflects (ISO-8601), null when nothing is ranked
 * @param left        papers that left the ranking at its last change
 */
public record TrendingView(String window, String scope, String generatedAt, String asOf, List<Entry> entries, List<String> left) {
    public TrendingView {
        entries = List.copyOf(entries);
        left = List.copyOf(left);
    }

    /**
     * One ranked paper and the parts of its score.
     *
     * @param previousRank null when the paper is new in the ranking
     * @param movement     {@code NEW}, {@code UP}, {@code DOWN} or {@code SAME}
     * @param url          where a person reads the paper (its arXiv or DOI page), by the contract's id rule; null when the id names neither
     */
    public record Entry(int rank, Integer previousRank, String movement, String paperId, String url, String title, List<String> keyphrases,
                        double score, Parts parts) {
        public Entry {
            keyphrases = List.copyOf(keyphrases);
        }
    }

    /** Why a paper ranks where it does: score = growth-based raw score × decay (formula in the README). */
    public record Parts(double observed, double expected, double growth, double decay, long events, long readers) { }

    /** Nothing ranked (yet) in this scope and window. */
    public static TrendingView empty(String window, String scope) {
        return new TrendingView(window, scope, null, null, List.of(), List.of());
    }

    /** The first {@code limit} entries of {@code update}. */
    public static TrendingView of(TrendingUpdate update, int limit) {
        List<Entry> entries = new ArrayList<>();
        for (TrendingEntry e : update.getEntries()) {
            if (entries.size() == limit) {
                break;
            }
            entries.add(new Entry(e.getRank(), e.getPreviousRank(), e.getMovement().name(), e.getPaperId(),
                    PaperIds.readerUrl(e.getPaperId()).orElse(null), e.getTitle(),
                    e.getKeyphrases(), e.getScore(),
                    new Parts(e.getObserved(), e.getExpected(), e.getGrowth(), e.getDecay(), e.getEvents(), e.getReaders())));
        }
        return new TrendingView(update.getWindow(), update.getScope(), update.getGeneratedAt().toString(), update.getAsOf().toString(),
                entries, update.getLeft());
    }
}
