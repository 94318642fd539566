package io.papertrends.ingest.parse;

import static io.papertrends.ingest.parse.ParserFixtures.VALIDATOR;
import static io.papertrends.ingest.parse.ParserFixtures.parse;
import static io.papertrends.ingest.parse.ParserFixtures.parseResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XmlFeedParsersTest {
    private final RecordParser<Paper> atom = Parsers.papers(InputFormat.ARXIV_ATOM, VALIDATOR);
    private final RecordParser<Paper> oai = Parsers.papers(InputFormat.OAI_PMH, VALIDATOR);

    @Test
    void shouldReadArxivApiEntriesWithVersionsAuthorsCategoriesAndDates() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/arxiv-api.atom.xml");

        assertThat(result.accepted()).hasSize(2);
        Paper attention = result.accepted().get(0);
        assertThat(attention.getId()).isEqualTo("arxiv:1706.03762");
        assertThat(attention.getArxivVersion()).isEqualTo(7);
        assertThat(attention.getTitle()).isEqualTo("Attention Is All You Need");
        assertThat(attention.getAbstractText()).startsWith("The dominant sequence").endsWith("the Transformer.");
        assertThat(attention.getAuthors()).containsExactly("Ashish Vaswani", "Noam Shazeer");
        assertThat(attention.getCategories()).containsExactly("cs.CL", "cs.LG");
        assertThat(attention.getPublishedAt()).isEqualTo(Instant.parse("2017-06-12T17:57:34Z"));
        assertThat(attention.getUpdatedAt()).isEqualTo(Instant.parse("2023-08-02T00:41:18Z"));
        assertThat(attention.getUrl()).isEqualTo("http://arxiv.org/abs/1706.03762v7");
        assertThat(attention.getSource()).isEqualTo("arxiv-atom");

        Paper h1 = result.accepted().get(1);
        assertThat(h1.getId()).isEqualTo("arxiv:hep-ex/0307015");
        assertThat(h1.getArxivVersion()).isEqualTo(1);
        assertThat(h1.getDoi()).isEqualTo("10.1140/epjc/s2003-01326-x");
        assertThat(h1.getPublishedAt()).isEqualTo(Instant.parse("2003-07-07T17:46:39Z"));
    }

    @Test
    void shouldRejectBadEntriesAndKeepReadingTheFeed() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/arxiv-api.atom.xml");

        assertThat(result.rejected()).extracting(p -> p.rejection().code(), p -> p.rejection().location()).containsExactly(
                tuple(ReasonCode.MISSING_FIELD, "entry 3 (line 53)"),
                tuple(ReasonCode.INVALID_DATE, "entry 4 (line 62)"));
        Rejection badDate = result.rejected().get(1).rejection();
        assertThat(badDate.reason()).contains("updatedAt 'sometime in 2024'");
        assertThat(new String(badDate.raw(), StandardCharsets.UTF_8)).startsWith("<entry>").contains("An Entry With A Bad Date");
    }

    @Test
    void shouldReportAnArxivApiErrorEntryAsASourceError() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/arxiv-api-error.atom.xml");
        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected()).singleElement().satisfies(p -> {
            assertThat(p.rejection().code()).isEqualTo(ReasonCode.SOURCE_ERROR);
            assertThat(p.rejection().reason()).contains("incorrect id format for 1234.12345");
        });
    }

    @Test
    void shouldReadTheAtomAnnouncementFeedWithoutItsPreamble() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/arxiv-announce.atom.xml");

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(Paper::getId, Paper::getArxivVersion).containsExactly(
                tuple("arxiv:2402.18613", 1), tuple("arxiv:2305.10403", 3));
        Paper first = result.accepted().get(0);
        assertThat(first.getTitle()).isEqualTo("Understanding and Mitigating Hallucination in Retrieval-Augmented G\u00e9n\u00e9r\u00e0tion");
        assertThat(first.getAbstractText()).isEqualTo("Retrieval-augmented generation reduces hallucination, but not always. We study when.");
        assertThat(first.getAuthors()).containsExactly("Jane Doe", "Wei Zhang", "Ana Lima");
        assertThat(first.getCategories()).containsExactly("cs.CL", "cs.AI");
        assertThat(first.getPublishedAt()).isEqualTo(Instant.parse("2024-03-01T05:00:00Z"));
        assertThat(first.getUrl()).isEqualTo("https://arxiv.org/abs/2402.18613");
        assertThat(result.accepted().get(1).getAbstractText()).isEqualTo("Tokenisers matter & here is why.");
    }

    @Test
    void shouldReadTheRssAnnouncementFeedToTheSameIdsAsTheAtomOne() {
        ParserFixtures.Result<Paper> rss = parseResource(atom, "/feeds/arxiv-announce.rss.xml");
        ParserFixtures.Result<Paper> atomFeed = parseResource(atom, "/feeds/arxiv-announce.atom.xml");

        assertThat(rss.rejected()).isEmpty();
        assertThat(rss.accepted()).extracting(Paper::getId).containsExactly("arxiv:2402.18613", "arxiv:2402.18700");
        Paper fromRss = rss.accepted().get(0);
        Paper fromAtom = atomFeed.accepted().get(0);
        assertThat(fromRss.getTitle()).isEqualTo(fromAtom.getTitle());
        assertThat(fromRss.getAbstractText()).isEqualTo(fromAtom.getAbstractText());
        assertThat(fromRss.getAuthors()).isEqualTo(fromAtom.getAuthors());
        assertThat(fromRss.getPublishedAt()).isEqualTo(Instant.parse("2024-03-01T05:00:00Z"));
        assertThat(rss.accepted().get(1).getTitle()).isEqualTo("Graph Neural Networks <b>at</b> Scale");
    }

    @Test
    void shouldReadOaiPmhArxivRecordsSkipDeletedOnesAndExposeTheResumptionToken() {
        ParserFixtures.Result<Paper> result = parseResource(oai, "/feeds/oai-arxiv-page1.xml");

        assertThat(result.accepted()).extracting(Paper::getId).containsExactly("arxiv:0704.0002", "arxiv:cs/0112017");
        Paper first = result.accepted().get(0);
        assertThat(first.getAuthors()).containsExactly("Ileana Streinu", "Louis Theran");
        assertThat(first.getCategories()).containsExactly("math.CO", "cs.CG");
        assertThat(first.getPublishedAt()).isEqualTo(Instant.parse("2007-03-30T00:00:00Z"));
        assertThat(first.getUpdatedAt()).isEqualTo(Instant.parse("2008-12-13T00:00:00Z"));
        assertThat(first.getUrl()).isEqualTo("https://arxiv.org/abs/0704.0002");
        assertThat(first.getSource()).isEqualTo("oai-pmh");
        Paper old = result.accepted().get(1);
        assertThat(old.getAuthors()).containsExactly("John Smith Jr");
        assertThat(old.getDoi()).isEqualTo("10.1000/xyz.123");

        assertThat(result.rejected()).singleElement().satisfies(p -> {
            assertThat(p.rejection().code()).isEqualTo(ReasonCode.MISSING_FIELD);
            assertThat(p.rejection().reason()).contains("abstract");
        });
        assertThat(result.summary().skipped()).isEqualTo(1);
        assertThat(result.summary().hasMore()).isTrue();
        assertThat(result.summary().resumptionToken()).isEqualTo("6960524|1001");
        assertThat(result.summary().completeListSize()).isEqualTo(2345L);
        assertThat(OaiPmhParser.nextPageUrl("https://oaipmh.arxiv.org/oai", result.summary().resumptionToken()))
                .isEqualTo("https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=6960524%7C1001");
    }

    @Test
    void shouldReadOaiDublinCoreAndEndAtAnEmptyResumptionToken() {
        ParserFixtures.Result<Paper> result = parseResource(oai, "/feeds/oai-dc-last.xml");

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(Paper::getId).containsExactly("arxiv:0704.0002", "doi:10.5281/zenodo.1234567");
        Paper dc = result.accepted().get(0);
        assertThat(dc.getAbstractText()).isEqualTo("We describe a new algorithm, the $(k,\\ell)$-pebble game with colors.");
        assertThat(dc.getAuthors()).containsExactly("Streinu, Ileana", "Theran, Louis");
        assertThat(dc.getUpdatedAt()).isEqualTo(Instant.parse("2008-12-13T00:00:00Z"));
        assertThat(result.summary().hasMore()).isFalse();
        assertThat(result.summary().completeListSize()).isEqualTo(2002L);
    }

    @Test
    void shouldTurnAnOaiErrorIntoOneRejectionButNoRecordsMatchIntoNothing() {
        ParserFixtures.Result<Paper> error = parseResource(oai, "/feeds/oai-error.xml");
        assertThat(error.rejected()).singleElement().satisfies(p -> {
            assertThat(p.rejection().code()).isEqualTo(ReasonCode.SOURCE_ERROR);
            assertThat(p.rejection().reason()).contains("badResumptionToken");
        });
        ParserFixtures.Result<Paper> empty = parseResource(oai, "/feeds/oai-no-records.xml");
        assertThat(empty.records()).isEmpty();
        assertThat(empty.summary().hasMore()).isFalse();
    }

    @Test
    void shouldNotResolveExternalEntities() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/xxe.atom.xml");

        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected()).singleElement().satisfies(p -> assertThat(p.rejection().code()).isEqualTo(ReasonCode.INVALID_XML));
    }

    @Test
    void shouldKeepTheEntriesBeforeAMalformedPartAndRejectTheRestWithItsPosition() {
        ParserFixtures.Result<Paper> result = parseResource(atom, "/feeds/truncated.atom.xml");

        assertThat(result.accepted()).extracting(Paper::getTitle).containsExactly("The Good Entry Before The Break");
        Rejection r = result.rejected().get(0).rejection();
        assertThat(r.code()).isEqualTo(ReasonCode.INVALID_XML);
        assertThat(r.lineNumber()).isEqualTo(11L);
        assertThat(r.reason()).contains("line 11").contains("records after this point were not read");
    }

    @Test
    void shouldKeepTheEntriesBeforeInvalidUtf8AndRejectTheRest() {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                + "<entry><id>http://arxiv.org/abs/2401.01234v1</id><title>Good</title><summary>Fine.</summary></entry>\n"
                + "<entry><id>http://arxiv.org/abs/2401.05678v1</id><title>caf";
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] rest = "</title><summary>Latin-1.</summary></entry>\n</feed>\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + 1 + rest.length];
        System.arraycopy(start, 0, all, 0, start.length);
        all[start.length] = (byte) 0xE9;
        System.arraycopy(rest, 0, all, start.length + 1, rest.length);

        ParserFixtures.Result<Paper> result = parse(atom, all);
        assertThat(result.accepted()).extracting(Paper::getTitle).containsExactly("Good");
        assertThat(result.rejected()).singleElement().satisfies(p -> {
            assertThat(p.rejection().code()).isEqualTo(ReasonCode.INVALID_UTF8);
            assertThat(p.rejection().reason()).startsWith("the document is not valid UTF-8 at line 4");
        });
    }

    @Test
    void shouldLeaveDocumentsDeclaringAnotherEncodingToTheParser() {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<entry><id>http://arxiv.org/abs/2401.01234v1</id><title>Caf\u00e9 Networks</title><summary>Old encoding.</summary></entry></feed>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(atom, latin1).accepted()).extracting(Paper::getTitle).containsExactly("Caf\u00e9 Networks");
    }
}
