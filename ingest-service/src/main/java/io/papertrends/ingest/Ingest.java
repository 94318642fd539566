package io.papertrends.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.fetch.FeedFetcher;
import io.papertrends.ingest.http.IngestEndpoints;
import io.papertrends.ingest.parse.HfPageParser;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.JsonRecords;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.ingest.publish.IngestSources;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * The ingest side wired once: the contract's topics, the limits, the validator and a publisher,
 * all from one deployment's settings. The ingest service, the {@code ingest} command, the demo
 * and the benchmarks all start here rather than wiring the parts themselves.
 */
public final class Ingest implements AutoCloseable {
    private final Topics topics;
    private final IngestLimits limits;
    private final RecordValidator validator;
    private final IngestPublisher publisher;

    private Ingest(Topics topics, IngestLimits limits, RecordValidator validator, IngestPublisher publisher) {
        this.topics = topics;
        this.limits = limits;
        this.validator = validator;
        this.publisher = publisher;
    }

    /** Ingest with the settings' Kafka, registry, topic prefix and {@link IngestLimits}. */
    public static Ingest open(Settings settings, MeterRegistry meters) {
        return open(settings, meters, Clock.systemUTC());
    }

    /** As {@link #open(Settings, MeterRegistry)}, stamping records with {@code clock}. */
    public static Ingest open(Settings settings, MeterRegistry meters, Clock clock) {
        Topics topics = Topics.from(settings.asMap());
        IngestLimits limits = IngestLimits.from(settings);
        RecordValidator validator = new RecordValidator(limits, clock);
        return new Ingest(topics, limits, validator, new IngestPublisher(settings.kafkaProperties(), topics, limits, clock, meters));
    }

    public Topics topics() {
        return topics;
    }

    public IngestLimits limits() {
        return limits;
    }

    public RecordValidator validator() {
        return validator;
    }

    public IngestPublisher publisher() {
        return publisher;
    }

    /** Files, standard input and URLs (fetched politely), in any input format. */
    public IngestSources sources() {
        return new IngestSources(publisher, validator, FeedFetcher.polite());
    }

    /** {@code POST /papers} and {@code POST /events}, for bodies of at most {@code maxBodyBytes}. */
    public IngestEndpoints endpoints(int maxBodyBytes) {
        return new IngestEndpoints(new JsonRecords(validator), publisher, maxBodyBytes);
    }

    /** Publishes the sample listing page bundled with the service (the demo's papers). */
    public IngestReport ingestSample() throws IOException {
        try (InputStream in = HfPageParser.openSample()) {
            return sources().ingest(InputFormat.HF_PAGE, in, "sample");
        }
    }

    /** Sends what is buffered and closes the producer. */
    @Override
    public void close() {
        publisher.close();
    }
}
