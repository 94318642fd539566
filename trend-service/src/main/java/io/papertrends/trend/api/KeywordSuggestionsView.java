package io.papertrends.trend.api;

import java.util.List;

/**
 * {@code GET /api/keywords/suggestions}: the known keywords closest to what was typed, best first
 * (also the {@code suggestions} of a 404 {@code UNKNOWN_KEYWORD} answer).
 *
 * @param query  the keyword as given
 * @param window the window whose keywords were searched; null: every window's
 */
public record KeywordSuggestionsView(String query, String window, List<Suggestion> suggestions) {
    public KeywordSuggestionsView {
        suggestions = List.copyOf(suggestions);
    }

    /**
     * A known keyword.
     *
     * @param scope  its scope, in stored form ({@code keyword:graph neural network})
     * @param phrase how it reads ({@code Graph Neural Networks})
     * @param papers how many papers rank under it (in the window with the most)
     */
    public record Suggestion(String scope, String phrase, long papers) { }
}
