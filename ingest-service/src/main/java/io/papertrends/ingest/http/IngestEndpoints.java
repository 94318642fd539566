package io.papertrends.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.Rejection;
import io.papertrends.ingest.parse.JsonRecords;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.ingest.publish.IngestReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@code POST /papers} and {@code POST /events} do, without an HTTP server: the server
 * hands over the request body and writes back the {@link Response}. Good records are published
 * even when others in the same request are bad; bad ones go to {@code ingest-rejects}.
 *
 * <ul>
 *   <li>{@code 202} and {@code {"accepted": n, "ids": [...], "rejected": 0, "rejections": []}}
 *       when every record was accepted;</li>
 *   <li>{@code 400} with the same shape when any record was rejected, each rejection with
 *       {@code location} ({@code array index 3} or {@code body}), {@code reasonCode} and {@code reason};</li>
 *   <li>{@code 413} when the body is over the limit (nothing is read past it, nothing published);</li>
 *   <li>{@code 503} when the broker did not acknowledge every accepted record.</li>
 * </ul>
 */
public final class IngestEndpoints {
    /** Source name of {@code POST /papers} in {@code ingest-rejects}. */
    public static final String PAPERS_SOURCE = "http:/papers";
    /** Source name of {@code POST /events} in {@code ingest-rejects}. */
    public static final String EVENTS_SOURCE = "http:/events";
    /** Format and {@code Paper.source} / {@code PaperEvent.source} of HTTP input. */
    public static final String FORMAT = "http";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final JsonRecords records;
    private final IngestPublisher publisher;
    private final int maxBodyBytes;

    /** An HTTP answer: status and JSON body. */
    public record Response(int status, String body) {
    }

    /**
     * @param maxBodyBytes largest request body accepted; larger ones are answered 413
     */
    public IngestEndpoints(JsonRecords records, IngestPublisher publisher, int maxBodyBytes) {
        this.records = Objects.requireNonNull(records);
        this.publisher = Objects.requireNonNull(publisher);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code POST /papers}: one paper object or an array of them. */
    public Response postPapers(InputStream body) throws IOException {
        return handle(body, PAPERS_SOURCE, bytes -> records.papersFromBody(bytes, FORMAT), p -> ((Paper) p).getId());
    }

    /** {@code POST /events}: one event object or an array of them. */
    public Response postEvents(InputStream body) throws IOException {
        return handle(body, EVENTS_SOURCE, bytes -> records.eventsFromBody(bytes, FORMAT), e -> ((PaperEvent) e).getEventId());
    }

    private <T> Response handle(InputStream body, String source, Function<byte[], List<Parsed<T>>> parse, Function<Object, String> idOf)
            throws IOException {
        byte[] bytes = body.readNBytes(maxBodyBytes + 1);
        if (bytes.length > maxBodyBytes) {
            ObjectNode error = JSON.createObjectNode()
                    .put("reasonCode", "TOO_LONG")
                    .put("reason", "the request body is over the limit of " + maxBodyBytes + " bytes; send fewer records per request");
            return new Response(413, error.toString());
        }
        List<Parsed<T>> parsed = parse.apply(bytes);
        IngestReport report = publisher.publishAll(parsed, FORMAT, source);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("accepted", report.accepted());
        ArrayNode ids = answer.putArray("ids");
        parsed.stream().filter(Parsed::isAccepted).forEach(p -> ids.add(idOf.apply(p.value())));
        answer.put("rejected", report.rejected());
        ArrayNode rejections = answer.putArray("rejections");
        for (Parsed<T> p : parsed) {
            if (!p.isAccepted()) {
                Rejection r = p.rejection();
                rejections.addObject().put("location", r.location()).put("reasonCode", r.reasonCode()).put("reason", r.reason());
            }
        }
        int status;
        if (!report.complete()) {
            answer.put("error", report.failed() + " accepted records were not acknowledged by Kafka; send the request again "
                    + "(safe: an event sent twice is counted once, a paper is kept once by its id)");
            status = 503;
        } else {
            status = report.rejected() > 0 ? 400 : 202;
        }
        return new Response(status, answer.toString());
    }
}
