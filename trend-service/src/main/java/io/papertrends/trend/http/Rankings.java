package io.papertrends.trend.http;

import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.api.TrendingView;

/**
 * The ranking a request's scope means ({@link Params.Scope}): of the stored names it may mean,
 * the first that is ranked in the window. A query forwarded by another instance names the stored
 * scope it wants and is answered for exactly that name.
 */
final class Rankings {
    private final TrendReader reader;

    Rankings(TrendReader reader) {
        this.reader = reader;
    }

    TrendingView ranking(String window, Params.Scope scope, int limit, boolean forwarded) {
        if (forwarded || scope.names().size() == 1) {
            return reader.ranking(window, scope.first(), limit, forwarded);
        }
        TrendingView first = null;
        for (String name : scope.names()) {
            TrendingView view = reader.ranking(window, name, limit, false);
            if (!view.entries().isEmpty()) {
                return view;
            }
            if (first == null) {
                first = view;
            }
        }
        return first;
    }
}
