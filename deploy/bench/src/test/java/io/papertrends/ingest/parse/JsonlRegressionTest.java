package io.papertrends.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.bench.SyntheticPapers;
import io.papertrends.testing.PlainAvroSerdes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Pins what the JSONL parsers make of a fixed input: every id, every encoded record (Avro's own
 * writer), every rejection with its reason, digested. The expected digests were computed by the
 * parsers as they were before the streaming read and the fast paths, so a change in any field,
 * id, hash, byte or reason shows here.
 */
class JsonlRegressionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    private static final RecordValidator VALIDATOR = new RecordValidator(IngestLimits.defaults(), CLOCK);

    /** Lines beside the generated ones: each form of id, date, text and error the parsers handle. */
    private static final List<String> PAPER_LINES = List.of(
            "{\"title\":\"  Caf\\u0065\\u0301 \\t au   lait\\u200b \",\"abstract\":\"A\\u00a0b\\u2028c\\u0007d\",\"authors\":\"Ada Lovelace, Alan Turing and Grace Hopper\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"doi\":\"https://doi.org/10.1145/3292500.3330701\",\"categories\":\" cs.CL  cs.LG cs.CL \"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"id\":\"hep-th/9901001v2\",\"publishedAt\":\"2003-07-07T13:46:39-04:00\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"url\":\"https://arxiv.org/abs/2401.01234v3\",\"updatedAt\":\"2024-01-31\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"arxivId\":\"2401.01234v2\",\"arxivVersion\":5,\"publishedAt\":\"Fri, 01 Mar 2024 00:00:00 -0500\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"arxivId\":\"2401.01234\",\"publishedAt\":\"2024-01-31T12:00:00.123456789Z\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"id\":\"client-42\",\"authors\":[{\"name\":\"N\"},\"M\"],\"extra\":{\"x\":[1,2]}}",
            "{\"title\":\"Attention Is All You Need!\",\"abstractText\":\"Transformers.\",\"authors\":[]}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"publishedAt\":\"2024-02-30T00:00:00Z\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"publishedAt\":\"2024-01-31T24:00:00Z\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"arxivId\":\"2413.01234\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"arxivVersion\":\"2\"}",
            "{\"title\":\"T\",\"abstract\":\"A\",\"url\":\"ftp://example.org/x\"}",
            "{\"title\":\"\",\"abstract\":\"A\"}",
            "{\"title\":5,\"abstract\":\"A\"}",
            "{\"title\":\"T\",\"title\":\"U\",\"abstract\":\"A\"}",
            "{\"title\":\"T\",\"abstract\":\"A\"} trailing",
            "[{\"title\":\"T\"}]",
            "not json",
            "");
    private static final List<String> EVENT_LINES = List.of(
            "{\"paperId\":\"arxiv:2401.01234\",\"type\":\"view\",\"userId\":\"u1\",\"occurredAt\":\"2025-01-01T00:00:00Z\"}",
            "{\"paperId\":\"2401.01234v2\",\"type\":\"DOWNLOAD\",\"userId\":17,\"occurredAt\":\"2025-01-01T00:00:00.5Z\",\"eventId\":\"e-1\"}",
            "{\"paperId\":\"https://doi.org/10.1145/1.2\",\"type\":\" upvote \",\"occurredAt\":\"2025-01-01T01:00:00+02:00\"}",
            "{\"paperId\":\"TITLE:0123456789ABCDEF\",\"type\":\"share\",\"occurredAt\":\"2025-01-01\"}",
            "{\"paperId\":\"x\",\"type\":\"unknown\",\"occurredAt\":\"2025-01-01T00:00:00Z\"}",
            "{\"paperId\":\"x\",\"type\":\"bogus\",\"occurredAt\":\"2025-01-01T00:00:00Z\"}",
            "{\"paperId\":\"x\",\"type\":\"view\",\"occurredAt\":\"soon\"}",
            "{\"paperId\":\"x\",\"type\":\"view\",\"userId\":1.5,\"occurredAt\":\"2025-01-01T00:00:00Z\"}",
            "{\"type\":\"view\",\"occurredAt\":\"2025-01-01T00:00:00Z\"}");

    @Test
    void shouldMakeOfJsonlPapersExactlyWhatItMadeBefore() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        SyntheticPapers.write(input, 20_000, 600, 17);
        for (String line : PAPER_LINES) {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(digest(Parsers.papers(InputFormat.JSONL, VALIDATOR), input.toByteArray(), Paper.class))
                .isEqualTo("f13a923d98752c077d8cb8b0059c647dbf1aaf2c6840ddf4701833ad5c572b7a");
    }

    @Test
    void shouldMakeOfJsonlEventsExactlyWhatItMadeBefore() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            for (String line : EVENT_LINES) {
                input.write((line.replace("u1", "u" + i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(digest(Parsers.events(VALIDATOR), input.toByteArray(), PaperEvent.class))
                .isEqualTo("f0e3e1e16db24bfeee47ccca598d915452c2df6cebc60e789c84a2a2fb3868c0");
    }

    private static <T extends SpecificRecord> String digest(RecordParser<T> parser, byte[] input, Class<T> type) throws IOException {
        Serializer<T> writer = new PlainAvroSerdes().valueSerde(type).serializer();
        MessageDigest digest = sha256();
        int[] counts = new int[2];
        parser.parse(new ByteArrayInputStream(input), (Parsed<T> parsed) -> {
            String entry;
            if (parsed.isAccepted()) {
                counts[0]++;
                entry = parsed.location() + " " + HexFormat.of().formatHex(writer.serialize("t", parsed.value()));
            } else {
                counts[1]++;
                entry = parsed.rejection().location() + " " + parsed.rejection().code() + " " + parsed.rejection().reason()
                        + " " + HexFormat.of().formatHex(parsed.rejection().raw());
            }
            digest.update((entry + "\n").getBytes(StandardCharsets.UTF_8));
        });
        // Both outcomes must be exercised for the digest to mean something.
        assertThat(Math.min(counts[0], counts[1])).isGreaterThan(5);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
