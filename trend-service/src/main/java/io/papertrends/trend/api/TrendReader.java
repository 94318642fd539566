package io.papertrends.trend.api;

/**
 * The queries the HTTP API answers. Parameters are validated before they get here. The trend
 * service answers them from its stores ({@code io.papertrends.trend.query}), a test from fixtures.
 */
public interface TrendReader {
    /** Header marking a request one instance forwarded to another; such requests are answered from local state. */
    String FORWARDED_HEADER = "X-Papertrends-Forwarded";

    /**
     * The ranking of {@code scope} in {@code window}, at most {@code limit} entries; empty when nothing is ranked.
     *
     * @param forwarded the request was forwarded by another instance: answer from local state only
     */
    TrendingView ranking(String window, String scope, int limit, boolean forwarded);

    /** What is known of a paper; throws a 404 {@link QueryException} when nothing is. */
    PaperView paper(String id, boolean forwarded);

    /** Trending keyphrases of a window; throws a 503 {@link QueryException} when this deployment does not rank them. */
    KeywordsView keywords(String window, boolean forwarded);

    /**
     * The known keywords of a window closest to {@code query} (a keyword as a person types it or in
     * stored form), at most {@code limit}, best first; known are those the keyword stage keeps for
     * the window (its best-scoring keywords, a bounded number).
     */
    KeywordSuggestionsView keywordSuggestions(String window, String query, int limit, boolean forwarded);
}
