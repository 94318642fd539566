package io.papertrends.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be read or written because the schema registry did not answer (no answer,
 * timeout, 5xx, 429): nothing is wrong with the record, and the same record succeeds once the
 * registry is back. Never a reason to skip or dead-letter the record.
 */
public final class RegistryUnavailableException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code t} or one of its causes is a registry outage. */
    public static boolean isCauseOf(Throwable t) {
        return in(t) != null;
    }

    /** The registry outage among {@code t} and its causes, or null. */
    public static RegistryUnavailableException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RegistryUnavailableException r) {
                return r;
            }
        }
        return null;
    }
}
