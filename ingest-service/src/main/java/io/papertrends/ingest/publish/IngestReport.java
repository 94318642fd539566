package io.papertrends.ingest.publish;

import io.papertrends.ingest.parse.ParseSummary;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one ingest run did; the CLI prints it and the HTTP answers are built from the same counts.
 *
 * @param accepted         records that passed validation (published or unchanged)
 * @param published        records sent to {@code papers} / {@code paper-events}
 * @param unchanged        papers not sent again because this publisher already sent the same content hash
 * @param rejected         records sent to {@code ingest-rejects}
 * @param rejectedByReason rejected records per reason code
 * @param failed           records the broker did not acknowledge (lost unless re-run)
 * @param bytes            serialized value bytes sent
 * @param elapsed          wall time from the first record to the last acknowledgement
 * @param parse            what the parser reported, including an OAI-PMH resumption token
 */
public record IngestReport(long accepted, long published, long unchanged, long rejected, Map<String, Long> rejectedByReason,
                           long failed, long bytes, Duration elapsed, ParseSummary parse) {

    public IngestReport {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** The counts of this run and {@code other} together (one CLI invocation over several files or pages). */
    public IngestReport plus(IngestReport other) {
        Map<String, Long> reasons = new TreeMap<>(rejectedByReason);
        other.rejectedByReason.forEach((k, v) -> reasons.merge(k, v, Long::sum));
        ParseSummary parsed = new ParseSummary(parse.accepted() + other.parse.accepted(), parse.rejected() + other.parse.rejected(),
                parse.skipped() + other.parse.skipped(), other.parse.resumptionToken(), other.parse.completeListSize());
        return new IngestReport(accepted + other.accepted, published + other.published, unchanged + other.unchanged,
                rejected + other.rejected, reasons, failed + other.failed, bytes + other.bytes, elapsed.plus(other.elapsed), parsed);
    }

    /** Whether every record was either accepted and acknowledged or rejected with a reason. */
    public boolean complete() {
        return failed == 0;
    }

    /** One line for people: {@code accepted 218 (published 218, unchanged 0), rejected 2 (INVALID_DATE 1, TOO_LONG 1)}. */
    public String summary() {
        StringBuilder sb = new StringBuilder()
                .append("accepted ").append(accepted)
                .append(" (published ").append(published).append(", unchanged ").append(unchanged).append(')')
                .append(", rejected ").append(rejected);
        if (!rejectedByReason.isEmpty()) {
            sb.append(" (");
            new TreeMap<>(rejectedByReason).forEach((k, v) -> sb.append(k).append(' ').append(v).append(", "));
            sb.setLength(sb.length() - 2);
            sb.append(')');
        }
        if (failed > 0) {
            sb.append(", FAILED to publish ").append(failed);
        }
        return sb.toString();
    }
}
