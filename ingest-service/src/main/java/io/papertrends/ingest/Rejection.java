package io.papertrends.ingest;

import io.papertrends.avro.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Why one piece of input was not accepted, and where it was, in words a person can act on.
 *
 * @param code       machine-readable reason
 * @param reason     what is wrong: names the field and the rule, e.g. "abstract is 25000
 *                   characters, the limit is 20000"
 * @param location   where in the source ({@code line 12}, {@code entry 3 (line 40)},
 *                   {@code array index 4}), or {@code null} for the whole input
 * @param lineNumber 1-based line for line-oriented inputs (or the line an XML entry starts on), else {@code null}
 * @param raw        the raw input as received (possibly not UTF-8); never {@code null}
 */
public record Rejection(ReasonCode code, String reason, String location, Long lineNumber, byte[] raw) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        raw = raw == null ? new byte[0] : raw;
    }

    /** The reason code as carried on the wire. */
    public String reasonCode() {
        return code.name();
    }

    /** This rejection at another place with other raw bytes (parsers add location after validation). */
    public Rejection at(String newLocation, Long newLineNumber, byte[] newRaw) {
        return new Rejection(code, reason, newLocation, newLineNumber, newRaw);
    }

    /**
     * The {@code ingest-rejects} record of this rejection.
     *
     * @param source      file path, URL or {@code http:/papers}
     * @param format      input format name
     * @param rejectedAt  when it was rejected
     * @param maxRawBytes raw input beyond this many bytes is cut and {@code rawTruncated} set
     */
    public RejectedRecord toAvro(String source, String format, Instant rejectedAt, int maxRawBytes) {
        boolean truncated = raw.length > maxRawBytes;
        byte[] kept = truncated ? Arrays.copyOf(raw, maxRawBytes) : raw;
        return RejectedRecord.newBuilder()
                .setSource(source)
                .setFormat(format)
                .setLocation(location)
                .setLineNumber(lineNumber)
                .setRaw(ByteBuffer.wrap(kept))
                .setRawTruncated(truncated)
                .setReasonCode(reasonCode())
                .setReason(reason)
                .setRejectedAt(rejectedAt)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rejection r && code == r.code && reason.equals(r.reason) && Objects.equals(location, r.location)
                && Objects.equals(lineNumber, r.lineNumber) && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, reason, location, lineNumber, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return code + " at " + location + ": " + reason;
    }
}
