package io.papertrends.ingest.publish;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.fetch.FeedFetcher;
import io.papertrends.ingest.fetch.OaiHarvester;
import io.papertrends.ingest.parse.CountingInputStream;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Inputs;
import io.papertrends.ingest.parse.OaiPmhParser;
import io.papertrends.ingest.parse.Parsers;
import io.papertrends.ingest.parse.RecordParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One entry point for {@code ingest --format F FILE…}: a location is a file, {@code -} for
 * standard input, or an http(s) URL; gzip is recognised by its magic bytes; an {@code oai-pmh}
 * URL is harvested page by page along its resumption tokens.
 */
public final class IngestSources {
    private static final int MAX_OAI_PAGES = 10_000;

    private final IngestPublisher publisher;
    private final RecordValidator validator;
    private final FeedFetcher fetcher;

    /** Sources publishing with {@code publisher}, validating with {@code validator}, fetching URLs with {@code fetcher}. */
    public IngestSources(IngestPublisher publisher, RecordValidator validator, FeedFetcher fetcher) {
        this.publisher = Objects.requireNonNull(publisher);
        this.validator = Objects.requireNonNull(validator);
        this.fetcher = Objects.requireNonNull(fetcher);
    }

    /**
     * Progress of a file being read, for a progress bar.
     *
     * @param location  the file
     * @param bytesRead bytes read from it so far (compressed bytes for a gzip file)
     * @param size      its size, or -1 when unknown (standard input, URLs)
     */
    public record Progress(String location, CountingInputStream bytesRead, long size) {
    }

    /**
     * Ingests one location in one format.
     *
     * @param onOpen told once the input is open, with what it takes to show progress
     * @return the counts; for a harvest, over all pages
     * @throws IOException when the location cannot be opened or read (records before that point are published)
     */
    public IngestReport ingest(InputFormat format, String location, Consumer<Progress> onOpen) throws IOException {
        if (FeedFetcher.isUrl(location) && format == InputFormat.OAI_PMH) {
            return harvest(location, onOpen);
        }
        CountingInputStream raw;
        long size = -1;
        if (FeedFetcher.isUrl(location)) {
            raw = new CountingInputStream(fetcher.open(URI.create(location)));
        } else if ("-".equals(location)) {
            raw = new CountingInputStream(Inputs.stdin());
        } else {
            Path path = Path.of(location);
            size = Files.size(path);
            raw = new CountingInputStream(Files.newInputStream(path));
        }
        onOpen.accept(new Progress(location, raw, size));
        try (InputStream in = Inputs.decompressIfGzip(raw)) {
            return publish(format, in, location);
        }
    }

    private IngestReport harvest(String firstRequest, Consumer<Progress> onOpen) throws IOException {
        OaiPmhParser parser = new OaiPmhParser(validator);
        IngestReport[] total = {null};
        new OaiHarvester(fetcher, MAX_OAI_PAGES).harvest(firstRequest, (page, url) -> {
            CountingInputStream counted = new CountingInputStream(page);
            onOpen.accept(new Progress(url, counted, -1));
            IngestReport report = publisher.ingest(parser, counted, url);
            total[0] = total[0] == null ? report : total[0].plus(report);
            return report.parse().resumptionToken();
        });
        return total[0];
    }

    /**
     * Ingests what {@code in} holds in {@code format} (papers or events); {@code source} names it
     * in {@code ingest-rejects} and in the report.
     */
    public IngestReport ingest(InputFormat format, InputStream in, String source) throws IOException {
        return publish(format, in, source);
    }

    private IngestReport publish(InputFormat format, InputStream in, String location) throws IOException {
        if (format.isEvents()) {
            return publisher.ingest(Parsers.events(validator), in, location);
        }
        RecordParser<Paper> parser = Parsers.papers(format, validator);
        return publisher.ingest(parser, in, location);
    }
}
