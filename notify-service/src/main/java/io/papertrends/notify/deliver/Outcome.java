package io.papertrends.notify.deliver;

/**
 * What became of one attempt to deliver: accepted, failed for now (the SMTP server or the
 * webhook did not answer, a 4xx SMTP reply, a non-2xx webhook answer: try again), or refused
 * for good (a 5xx SMTP reply: the address does not exist; a webhook gone).
 */
public record Outcome(Kind kind, String reason) {
    public enum Kind { SENT, RETRY, PERMANENT }

    public static Outcome sent() {
        return new Outcome(Kind.SENT, null);
    }

    public static Outcome retry(String reason) {
        return new Outcome(Kind.RETRY, reason);
    }

    public static Outcome permanent(String reason) {
        return new Outcome(Kind.PERMANENT, reason);
    }

    public boolean isSent() {
        return kind == Kind.SENT;
    }
}
