package io.papertrends.registry;

/**
 * A schema registry call failed. {@link #httpStatus()} and {@link #errorCode()} carry the
 * registry's answer (for example 404 / 40401 "subject not found"); both are {@code -1} when the
 * registry could not be reached at all.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** HTTP status of the registry's answer, or -1 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code of the registry's answer (e.g. 40401), or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** True for failures worth retrying: no answer, or a 5xx other than a backend-store error. */
    public boolean isTransient() {
        return httpStatus == -1 || httpStatus == 408 || httpStatus == 429 || (httpStatus >= 500 && httpStatus != 501);
    }
}
