package io.papertrends.trend.api;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.LandingPage;
import io.papertrends.trend.core.Scopes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/trending}: the current ranking of a scope and window, best first.
 *
 * @param scope        the stored scope name ({@code keyword:graph neural network})
 * @param scopeDisplay how the scope reads ({@link Scopes#display}): a keyword's most frequent
 *                     display form among the ranked papers' keyphrases ({@code Graph Neural
 *                     Networks}), a category's name, {@value Scopes#GLOBAL_DISPLAY}; null for a
 *                     keyword that nothing is ranked under
 * @param generatedAt when the ranking was computed (ISO-8601), null when nothing is ranked
 * @param asOf        event time the ranking reflects (ISO-8601), null when nothing is ranked
 * @param left        papers that left the ranking at its last change
 */
public record TrendingView(String window, String scope, String scopeDisplay, String generatedAt, String asOf, List<Entry> entries, List<String> left) {
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
        String display = scope.startsWith(Scopes.KEYWORD_PREFIX) ? null : Scopes.display(scope, List.of());
        return new TrendingView(window, scope, display, null, null, List.of(), List.of());
    }

    /** This view, its scope reading {@code display}. */
    public TrendingView withScopeDisplay(String display) {
        return new TrendingView(window, scope, display, generatedAt, asOf, entries, left);
    }

    /** The first {@code limit} entries of {@code update}; the scope's display form from all of them. */
    public static TrendingView of(TrendingUpdate update, int limit) {
        List<List<String>> phrases = new ArrayList<>(update.getEntries().size());
        update.getEntries().forEach(e -> phrases.add(e.getKeyphrases()));
        List<Entry> entries = new ArrayList<>();
        for (TrendingEntry e : update.getEntries()) {
            if (entries.size() == limit) {
                break;
            }
            entries.add(new Entry(e.getRank(), e.getPreviousRank(), e.getMovement().name(), e.getPaperId(),
                    LandingPage.of(null, e.getPaperId()), e.getTitle(),
                    e.getKeyphrases(), e.getScore(),
                    new Parts(e.getObserved(), e.getExpected(), e.getGrowth(), e.getDecay(), e.getEvents(), e.getReaders())));
        }
        return new TrendingView(update.getWindow(), update.getScope(), Scopes.display(update.getScope(), phrases), update.getGeneratedAt().toString(), update.getAsOf().toString(),
                entries, update.getLeft());
    }
}
