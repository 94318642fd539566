package io.papertrends.trend.http;

import io.papertrends.trend.api.KeywordSuggestionsView;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.ranking.KeywordSuggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranking a request's scope means ({@link Params.Scope}): of the stored names it may mean,
 * the first that is ranked in the window. A keyword ranked in no window at all is unknown: a 404
 * {@code UNKNOWN_KEYWORD} with the known keywords it may have meant. Every lookup goes through
 * the reader, so each key is answered by the instance that holds it, whichever instance was
 * asked. A query forwarded by another instance names the stored scope it wants and is answered
 * for exactly that name, from local state.
 */
final class Rankings {
    private final TrendReader reader;
    private final List<String> windows;

    /** @param windows every configured window, in display order */
    Rankings(TrendReader reader, List<String> windows) {
        this.reader = reader;
        this.windows = List.copyOf(windows);
    }

    TrendingView ranking(String window, Params.Scope scope, int limit, boolean forwarded) {
        if (forwarded || !scope.keyword()) {
            return reader.ranking(window, scope.first(), limit, forwarded);
        }
        for (String name : scope.names()) {
            TrendingView view = reader.ranking(window, name, limit, false);
            if (!view.entries().isEmpty()) {
                return view;
            }
        }
        // Nothing in this window: a keyword ranked in another one is known, and reads as it does there.
        for (String name : scope.names()) {
            for (String other : windows) {
                if (other.equals(window)) {
                    continue;
                }
                TrendingView elsewhere = reader.ranking(other, name, 1, false);
                if (!elsewhere.entries().isEmpty()) {
                    return TrendingView.empty(window, name).withScopeDisplay(elsewhere.scopeDisplay());
                }
            }
        }
        String given = scope.given().substring(Scopes.KEYWORD_PREFIX.length());
        List<KeywordSuggestionsView.Suggestion> suggestions;
        try {
            suggestions = suggestions(given, null, KeywordSuggestions.MAX, false);
        } catch (QueryException e) {
            suggestions = List.of();
        }
        throw QueryException.unknownKeyword("no paper ranks under " + scope.first() + " (the keyword '" + shown(given)
                + "' as the rankings store it) in any window" + (suggestions.isEmpty() ? "" : "; see the suggestions"), suggestions);
    }

    /**
     * The known keywords closest to {@code query}: of {@code window}, or of every window, merged
     * (a keyword known in several counts once, with its most papers). A window whose keywords
     * cannot be asked right now is left out, unless no window answers.
     */
    List<KeywordSuggestionsView.Suggestion> suggestions(String query, String window, int limit, boolean forwarded) {
        List<KeywordSuggestions.Known> known = new ArrayList<>();
        QueryException failure = null;
        int answered = 0;
        for (String w : window == null ? windows : List.of(window)) {
            KeywordSuggestionsView view;
            try {
                view = reader.keywordSuggestions(w, query, limit, forwarded);
            } catch (QueryException e) {
                if (e.status() != 503) {
                    throw e;
                }
                failure = e;
                continue;
            }
            answered++;
            for (KeywordSuggestionsView.Suggestion s : view.suggestions()) {
                String normalized = s.scope().substring(Scopes.KEYWORD_PREFIX.length());
                known.add(new KeywordSuggestions.Known(normalized, s.phrase(), s.papers()));
            }
        }
        if (answered == 0 && failure != null) {
            throw failure;
        }
        List<KeywordSuggestionsView.Suggestion> out = new ArrayList<>();
        for (KeywordSuggestions.Suggestion s : KeywordSuggestions.suggest(Scopes.keywordForms(query), known, limit)) {
            out.add(new KeywordSuggestionsView.Suggestion(Scopes.keyword(s.keyword().normalized()), s.keyword().phrase(), s.keyword().papers()));
        }
        return out;
    }

    private static String shown(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
