package io.papertrends.trend.api;

import java.util.List;

/**
 * A query that cannot be answered: the HTTP status, a stable reason code and a reason a person
 * can act on; {@code retryAfterSeconds > 0} when asking again later may succeed (rebalancing).
 */
public final class QueryException extends RuntimeException {
    private final int status;
    private final String reasonCode;
    private final int retryAfterSeconds;
    private final transient List<KeywordSuggestionsView.Suggestion> suggestions;

    public QueryException(int status, String reasonCode, String reason, int retryAfterSeconds) {
        this(status, reasonCode, reason, retryAfterSeconds, null);
    }

    private QueryException(int status, String reasonCode, String reason, int retryAfterSeconds,
                           List<KeywordSuggestionsView.Suggestion> suggestions) {
        super(reason);
        this.status = status;
        this.reasonCode = reasonCode;
        this.retryAfterSeconds = retryAfterSeconds;
        this.suggestions = suggestions == null ? null : List.copyOf(suggestions);
    }

    /** A 404 {@code UNKNOWN_KEYWORD}: no ranking of the keyword in any window, with the known keywords it may have meant. */
    public static QueryException unknownKeyword(String reason, List<KeywordSuggestionsView.Suggestion> suggestions) {
        return new QueryException(404, "UNKNOWN_KEYWORD", reason, 0, suggestions);
    }

    public static QueryException badRequest(String reasonCode, String reason) {
        return new QueryException(400, reasonCode, reason, 0);
    }

    public static QueryException unavailable(String reason) {
        return new QueryException(503, "UNAVAILABLE", reason, 1);
    }

    public int status() {
        return status;
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String reason() {
        return getMessage();
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The keywords an unknown one may have meant, best first; null for other answers. */
    public List<KeywordSuggestionsView.Suggestion> suggestions() {
        return suggestions;
    }
}
