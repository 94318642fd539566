package io.papertrends.ingest.parse;

import static io.papertrends.ingest.parse.ParserFixtures.VALIDATOR;
import static io.papertrends.ingest.parse.ParserFixtures.parseResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Paper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers on real arXiv answers (feeds/captured, provenance in its README). */
class CapturedFeedsTest {

    @Test
    void shouldReadEveryRecordOfACapturedOaiDcPageAndItsResumptionToken() {
        ParserFixtures.Result<Paper> result = parseResource(new OaiPmhParser(VALIDATOR), "/feeds/captured/arxiv-oai-dc-cs-page.xml");

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(Paper::getId).containsExactly("arxiv:1303.2033", "arxiv:2401.14034",
                "arxiv:2401.14036", "arxiv:2401.14038", "arxiv:2401.14040");
        assertThat(result.summary().resumptionToken()).isEqualTo("6960524|1001");
        assertThat(result.summary().completeListSize()).isEqualTo(1162L);
        assertThat(OaiPmhParser.nextPageUrl("https://oaipmh.arxiv.org/oai", result.summary().resumptionToken()))
                .isEqualTo("https://oaipmh.arxiv.org/oai?verb=ListRecords&resumptionToken=6960524%7C1001");

        Paper fourier = result.accepted().get(0);
        assertThat(fourier.getTitle()).isEqualTo("Extended Fourier analysis of signals");
        assertThat(fourier.getAuthors()).containsExactly("Liepins, Vilnis");
        assertThat(fourier.getAbstractText()).as("the abstract, not the Comment: description")
                .startsWith("This summary of the doctoral thesis").doesNotContain("32 pages");
        assertThat(fourier.getCategories()).contains("Computer Science - Data Structures and Algorithms");
        assertThat(fourier.getPublishedAt()).isEqualTo(Instant.parse("2013-03-08T00:00:00Z"));
        assertThat(fourier.getUpdatedAt()).isEqualTo(Instant.parse("2024-01-23T00:00:00Z"));
        assertThat(fourier.getUrl()).isEqualTo("http://arxiv.org/abs/1303.2033");
        assertThat(result.accepted().get(4).getTitle()).isEqualTo("(Chat)GPT v BERT: Dawn of Justice for Semantic Change Detection");
    }

    @Test
    void shouldTellTheListenerEachHeaderWithItsDatestamp() throws IOException {
        List<OaiPmhParser.Header> headers = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/feeds/captured/arxiv-oai-dc-cs-page.xml")) {
            new OaiPmhParser(VALIDATOR, headers::add).parse(in, p -> { });
        }
        assertThat(headers).hasSize(5).first().isEqualTo(new OaiPmhParser.Header("oai:arXiv.org:1303.2033", "2024-01-25", false));
        assertThat(headers).extracting(OaiPmhParser.Header::datestamp).containsExactly("2024-01-25", "2024-01-26", "2024-01-26",
                "2024-01-26", "2024-01-26");
    }

    @Test
    void shouldReadACapturedRssAnnouncementAndStripItsPreamble() {
        ParserFixtures.Result<Paper> result = parseResource(new ArxivAtomParser(VALIDATOR), "/feeds/captured/arxiv-rss-cs-cv.xml");

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo("arxiv:2509.13338");
            assertThat(p.getTitle()).isEqualTo("Proximity-Based Evidence Retrieval for Uncertainty-Aware Neural Networks");
            assertThat(p.getAbstractText()).as("arXiv's preamble, with its space before the line break, removed")
                    .startsWith("This work proposes an evidence-retrieval mechanism");
            assertThat(p.getUrl()).isEqualTo("https://arxiv.org/abs/2509.13338");
        });
    }
}
