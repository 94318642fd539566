package io.papertrends.ingest.parse;

import static io.papertrends.ingest.parse.ParserFixtures.NOW;
import static io.papertrends.ingest.parse.ParserFixtures.VALIDATOR;
import static io.papertrends.ingest.parse.ParserFixtures.parse;
import static io.papertrends.ingest.parse.ParserFixtures.parseResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class JsonlParserTest {
    private final RecordParser<Paper> papers = Parsers.papers(InputFormat.JSONL, VALIDATOR);
    private final RecordParser<PaperEvent> events = Parsers.events(VALIDATOR);

    @Test
    void shouldAcceptGoodPaperLinesAndRejectEachBadLineWithItsReason() {
        ParserFixtures.Result<Paper> result = parseResource(papers, "/inputs/papers-mixed.jsonl");

        assertThat(result.accepted()).extracting(Paper::getId, Paper::getTitle).containsExactly(
                tuple("arxiv:1706.03762", "Attention Is All You Need"),
                tuple(io.papertrends.ids.PaperIds.forTitle("A Paper Known Only By Its Title"), "A Paper Known Only By Its Title"),
                tuple("doi:10.18653/v1/n19-1423", "BERT: Pre-training of Deep Bidirectional Transformers"));
        assertThat(result.rejected()).extracting(p -> p.rejection().lineNumber(), p -> p.rejection().code()).containsExactly(
                tuple(3L, ReasonCode.MISSING_FIELD),
                tuple(4L, ReasonCode.INVALID_DATE),
                tuple(5L, ReasonCode.INVALID_JSON),
                tuple(6L, ReasonCode.TOO_LONG),
                tuple(7L, ReasonCode.INVALID_UTF8),
                tuple(10L, ReasonCode.INVALID_VALUE),
                tuple(11L, ReasonCode.INVALID_JSON));
        assertThat(result.summary().accepted()).isEqualTo(3);
        assertThat(result.summary().rejected()).isEqualTo(7);
    }

    @Test
    void shouldKeepTheRawBytesAndGiveActionableReasons() {
        ParserFixtures.Result<Paper> result = parseResource(papers, "/inputs/papers-mixed.jsonl");
        Rejection utf8 = result.rejected().get(4).rejection();
        assertThat(utf8.location()).isEqualTo("line 7");
        assertThat(utf8.raw()).contains((byte) 0xE9);
        assertThat(utf8.reason()).contains("not valid UTF-8").contains("column 23");
        assertThat(result.rejected().get(0).rejection().reason()).isEqualTo("title is required and must not be blank");
        assertThat(result.rejected().get(2).rejection().reason()).startsWith("not valid JSON:");
        assertThat(result.rejected().get(5).rejection().reason()).isEqualTo("title must be a string, got a number");
    }

    @Test
    void shouldMapEveryPaperField() {
        Paper p = parseResource(papers, "/inputs/papers-mixed.jsonl").accepted().get(0);
        assertThat(p.getArxivId()).isEqualTo("1706.03762");
        assertThat(p.getArxivVersion()).isEqualTo(7);
        assertThat(p.getAuthors()).containsExactly("Ashish Vaswani", "Noam Shazeer");
        assertThat(p.getCategories()).containsExactly("cs.CL", "cs.LG");
        assertThat(p.getPublishedAt()).isEqualTo(Instant.parse("2017-06-12T17:57:34Z"));
        assertThat(p.getSource()).isEqualTo("jsonl");
        assertThat(p.getIngestedAt()).isEqualTo(NOW);
    }

    @Test
    void shouldReadArxivMetadataDumpLines() {
        String line = "{\"id\":\"0704.0001\",\"submitter\":\"Pavel Nadolsky\",\"authors\":\"C. Bal\\u00e1zs, E. L. Berger and P. M. Nadolsky\","
                + "\"title\":\"Calculation of prompt diphoton production\",\"doi\":\"10.1103/PhysRevD.76.013009\","
                + "\"categories\":\"hep-ph cs.LG\",\"abstract\":\"  A fully differential calculation.\\n\",\"update_date\":\"2008-11-13\"}\n";
        Paper p = parse(papers, line.getBytes(StandardCharsets.UTF_8)).accepted().get(0);
        assertThat(p.getId()).isEqualTo("arxiv:0704.0001");
        assertThat(p.getDoi()).isEqualTo("10.1103/physrevd.76.013009");
        assertThat(p.getAuthors()).containsExactly("C. Bal\u00e1zs", "E. L. Berger", "P. M. Nadolsky");
        assertThat(p.getCategories()).containsExactly("hep-ph", "cs.LG");
        assertThat(p.getAbstractText()).isEqualTo("A fully differential calculation.");
    }

    @Test
    void shouldRejectAnOverlongLineWithoutHoldingItAndReadTheNext() {
        RecordValidator small = new RecordValidator(IngestLimits.defaults().withMaxRecordBytes(100), Clock.systemUTC());
        RecordParser<Paper> parser = Parsers.papers(InputFormat.JSONL, small);
        String longLine = "{\"title\":\"t\",\"abstract\":\"" + "x".repeat(5000) + "\"}\n";
        String good = "{\"title\":\"Short\",\"abstract\":\"Fits.\"}";
        ParserFixtures.Result<Paper> result = parse(parser, (longLine + good).getBytes(StandardCharsets.UTF_8));

        assertThat(result.accepted()).extracting(Paper::getTitle).containsExactly("Short");
        Rejection r = result.rejected().get(0).rejection();
        assertThat(r.code()).isEqualTo(ReasonCode.TOO_LONG);
        assertThat(r.raw()).hasSize(100);
        assertThat(r.reason()).contains("5027 bytes long, the limit is 100 bytes");
    }

    @Test
    void shouldReadGzipCompressedInputRecognisedByItsMagicBytes() throws IOException {
        byte[] plain;
        try (InputStream in = getClass().getResourceAsStream("/inputs/papers-mixed.jsonl")) {
            plain = in.readAllBytes();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        ParserFixtures.Result<Paper> result = parse(papers, gz.toByteArray());
        assertThat(result.summary().accepted()).isEqualTo(3);
        assertThat(result.summary().rejected()).isEqualTo(7);
    }

    @Test
    void shouldAcceptGoodEventLinesAndRejectBadOnes() {
        ParserFixtures.Result<PaperEvent> result = parseResource(events, "/inputs/events-mixed.jsonl");

        assertThat(result.accepted()).extracting(PaperEvent::getPaperId, PaperEvent::getType, PaperEvent::getUserId).containsExactly(
                tuple("arxiv:1706.03762", EventType.VIEW, "u1"),
                tuple("arxiv:1706.03762", EventType.DOWNLOAD, null),
                tuple("doi:10.18653/v1/n19-1423", EventType.CITATION, "12345"));
        assertThat(result.accepted()).allMatch(e -> e.getSource().equals("events-jsonl") && e.getReceivedAt().equals(NOW));
        assertThat(result.accepted().get(2).getOccurredAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(result.rejected()).extracting(p -> p.rejection().lineNumber(), p -> p.rejection().code()).containsExactly(
                tuple(3L, ReasonCode.UNKNOWN_EVENT_TYPE),
                tuple(4L, ReasonCode.INVALID_DATE),
                tuple(5L, ReasonCode.MISSING_FIELD),
                tuple(6L, ReasonCode.INVALID_JSON),
                tuple(7L, ReasonCode.INVALID_UTF8));
        assertThat(result.rejected().get(0).rejection().reason()).contains("type 'like' is not an event type");
    }

    @Test
    void shouldReadHttpBodiesAsOneObjectOrAnArray() {
        JsonRecords json = new JsonRecords(VALIDATOR);
        byte[] array = ("[{\"paperId\":\"arxiv:1706.03762\",\"type\":\"view\",\"occurredAt\":\"2026-11-26T09:00:00Z\"},"
                + "{\"paperId\":\"arxiv:1706.03762\",\"type\":\"poke\",\"occurredAt\":\"2026-11-26T09:00:00Z\"}]").getBytes(StandardCharsets.UTF_8);
        var results = json.eventsFromBody(array, "http");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).isAccepted()).isTrue();
        assertThat(results.get(1).rejection().location()).isEqualTo("array index 1");
        assertThat(new String(results.get(1).rejection().raw(), StandardCharsets.UTF_8)).contains("poke");

        var single = json.papersFromBody("{\"title\":\"T\",\"abstract\":\"A\"}".getBytes(StandardCharsets.UTF_8), "http");
        assertThat(single).singleElement().matches(Parsed::isAccepted);

        var broken = json.papersFromBody("{\"title\":".getBytes(StandardCharsets.UTF_8), "http");
        assertThat(broken).singleElement().extracting(p -> p.rejection().code()).isEqualTo(ReasonCode.INVALID_JSON);
        var notUtf8 = json.papersFromBody(new byte[] {'{', (byte) 0xC3, '}'}, "http");
        assertThat(notUtf8).singleElement().extracting(p -> p.rejection().code()).isEqualTo(ReasonCode.INVALID_UTF8);
        var withBom = json.papersFromBody("\uFEFF{\"title\":\"Tür\",\"abstract\":\"Ä\"}".getBytes(StandardCharsets.UTF_8), "http");
        assertThat(withBom).singleElement().matches(Parsed::isAccepted);
        assertThat(withBom.get(0).value().getTitle()).isEqualTo("Tür");
        var trailing = json.papersFromBody("{\"title\":\"T\",\"abstract\":\"A\"} x".getBytes(StandardCharsets.UTF_8), "http");
        assertThat(trailing).singleElement().extracting(p -> p.rejection().reason()).asString().startsWith("the request body is not valid JSON: ");
    }
}
