package io.papertrends.trend.api;

/**
 * A query that cannot be answered: the HTTP status, a stable reason code and a reason a person
 * can act on; {@code retryAfterSeconds > 0} when asking again later may succeed (rebalancing).
 */
public final class QueryException extends RuntimeException {
    private final int status;
    private final String reasonCode;
    private final int retryAfterSeconds;

    public QueryException(int status, String reasonCode, String reason, int retryAfterSeconds) {
        super(reason);
        this.status = status;
        this.reasonCode = reasonCode;
        this.retryAfterSeconds = retryAfterSeconds;
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
}
