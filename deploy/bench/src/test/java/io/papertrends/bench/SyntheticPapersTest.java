package io.papertrends.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.Parsers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticPapersTest {

    @Test
    void shouldWriteTheSameValidPapersForTheSameSeed() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        long bytes = SyntheticPapers.write(first, 500, 1000, 7);
        SyntheticPapers.write(second, 500, 1000, 7);

        assertThat(bytes).isEqualTo(first.size());
        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
        List<Parsed<Paper>> parsed = new ArrayList<>();
        Parsers.papers(InputFormat.JSONL, new RecordValidator(IngestLimits.defaults(), Clock.systemUTC()))
                .parse(new ByteArrayInputStream(first.toByteArray()), parsed::add);
        assertThat(parsed).hasSize(500).allMatch(Parsed::isAccepted);
        assertThat(parsed.stream().map(p -> p.value().getId()).collect(Collectors.toSet())).hasSize(500);
        assertThat(parsed.get(0).value().getAbstractText().length()).isBetween(900, 1100);
    }

    @Test
    void shouldGiveDistinctArxivIdsAcrossMonths() {
        assertThat(SyntheticPapers.arxivId(0)).isEqualTo("2001.00000");
        assertThat(SyntheticPapers.arxivId(100_000)).isEqualTo("2002.00000");
        assertThat(SyntheticPapers.arxivId(1_299_999)).isEqualTo("2101.99999");
    }
}
