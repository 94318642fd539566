package io.papertrends.ingest.parse;

import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.RecordValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the parser tests: a fixed clock, resources, and collecting a parse. */
final class ParserFixtures {
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final RecordValidator VALIDATOR = new RecordValidator(IngestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private ParserFixtures() {
    }

    /** Everything a parse produced, in order, with its summary. */
    record Result<T>(List<Parsed<T>> records, ParseSummary summary) {
        List<T> accepted() {
            return records.stream().filter(Parsed::isAccepted).map(Parsed::value).toList();
        }

        List<Parsed<T>> rejected() {
            return records.stream().filter(p -> !p.isAccepted()).toList();
        }
    }

    static <T> Result<T> parse(RecordParser<T> parser, InputStream in) {
        List<Parsed<T>> out = new ArrayList<>();
        try (InputStream input = Inputs.decompressIfGzip(in)) {
            ParseSummary summary = parser.parse(input, out::add);
            return new Result<>(out, summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> Result<T> parse(RecordParser<T> parser, byte[] bytes) {
        return parse(parser, new ByteArrayInputStream(bytes));
    }

    static <T> Result<T> parseResource(RecordParser<T> parser, String resource) {
        InputStream in = ParserFixtures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("missing test resource " + resource);
        }
        return parse(parser, in);
    }
}
