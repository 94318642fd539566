package io.papertrends.notify.subscribe;

/** A request refused for what it holds: answered 400 with the reason code and the reason. */
public final class InvalidRequest extends RuntimeException {
    private final String reasonCode;

    public InvalidRequest(String reasonCode, String reason) {
        super(reason);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
