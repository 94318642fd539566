package io.papertrends.ingest;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One record read from an input: either an accepted value or a {@link Rejection}, with where it
 * was in the source.
 *
 * @param <T> {@code Paper} or {@code PaperEvent}
 */
public final class Parsed<T> {
    private final T value;
    private final Rejection rejection;
    private final String location;
    private final Long lineNumber;

    private Parsed(T value, Rejection rejection, String location, Long lineNumber) {
        this.value = value;
        this.rejection = rejection;
        this.location = location;
        this.lineNumber = lineNumber;
    }

    /** An accepted value (its location set later with {@link #at}). */
    public static <T> Parsed<T> accepted(T value) {
        return new Parsed<>(Objects.requireNonNull(value), null, null, null);
    }

    /** A rejected record. */
    public static <T> Parsed<T> rejected(Rejection rejection) {
        return new Parsed<>(null, Objects.requireNonNull(rejection), rejection.location(), rejection.lineNumber());
    }

    /** A rejected record with a new rejection of this code and reason at the given place. */
    public static <T> Parsed<T> rejected(ReasonCode code, String reason, String location, Long lineNumber, byte[] raw) {
        return rejected(new Rejection(code, reason, location, lineNumber, raw));
    }

    /**
     * This result placed in the source; a rejection also gets the raw input (supplied lazily so
     * accepted records do not pay for copying it).
     */
    public Parsed<T> at(String newLocation, Long newLineNumber, Supplier<byte[]> raw) {
        if (rejection != null) {
            return rejected(rejection.at(newLocation, newLineNumber, raw.get()));
        }
        return new Parsed<>(value, null, newLocation, newLineNumber);
    }

    /** Whether this is an accepted value rather than a rejection. */
    public boolean isAccepted() {
        return value != null;
    }

    /** The accepted value; fails on a rejection. */
    public T value() {
        if (value == null) {
            throw new IllegalStateException("rejected record has no value: " + rejection);
        }
        return value;
    }

    /** The rejection; fails on an accepted record. */
    public Rejection rejection() {
        if (rejection == null) {
            throw new IllegalStateException("accepted record has no rejection");
        }
        return rejection;
    }

    /** Where in the source ({@code line 3}, {@code entry 2 (line 17)}), or {@code null}. */
    public String location() {
        return location;
    }

    /** 1-based line in the source, or {@code null}. */
    public Long lineNumber() {
        return lineNumber;
    }

    @Override
    public String toString() {
        return isAccepted() ? "accepted " + value + " at " + location : "rejected " + rejection;
    }
}
