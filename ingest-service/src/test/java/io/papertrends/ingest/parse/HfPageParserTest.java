package io.papertrends.ingest.parse;

import static io.papertrends.ingest.parse.ParserFixtures.VALIDATOR;
import static io.papertrends.ingest.parse.ParserFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HfPageParserTest {
    private final HfPageParser parser = new HfPageParser(VALIDATOR);

    @Test
    void shouldReadAll218PapersOfTheBundledSampleWithDistinctIdsAndNoSubscribe() {
        ParserFixtures.Result<Paper> result = parse(parser, HfPageParser.openSample());

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).hasSize(218);
        assertThat(result.summary().accepted()).isEqualTo(218);
        Set<String> ids = result.accepted().stream().map(Paper::getId).collect(Collectors.toSet());
        assertThat(ids).hasSize(218).allMatch(id -> id.matches("title:[0-9a-f]{16}"));
        assertThat(result.accepted()).noneMatch(p -> p.getTitle().contains("Subscribe"));
        assertThat(result.accepted()).allMatch(p -> p.getAbstractText().length() > 100 && p.getSource().equals("hf-page"));
    }

    @Test
    void shouldCleanTheFirstTitleAndPlaceEachPaperAtItsTitleLine() {
        ParserFixtures.Result<Paper> result = parse(parser, HfPageParser.openSample());

        assertThat(result.accepted().get(0).getTitle()).isEqualTo("Neural Networks for Joint Sentence Classification in Medical Paper Abstracts");
        assertThat(result.records().get(0).lineNumber()).isEqualTo(3L);
        assertThat(result.records().get(1).location()).isEqualTo("line 5");
        assertThat(result.accepted().get(1).getTitle()).isEqualTo("Transfer Learning for Named-Entity Recognition with Neural Networks");
    }

    @Test
    void shouldGiveTheSameIdsWhenReadTwice() {
        Set<String> first = new HashSet<>(parse(parser, HfPageParser.openSample()).accepted().stream().map(Paper::getId).toList());
        Set<String> second = new HashSet<>(parse(parser, HfPageParser.openSample()).accepted().stream().map(Paper::getId).toList());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldRejectATitleWithoutAbstractAndAnInvalidUtf8PairButKeepTheOthers() {
        byte[] page = concat(
                "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n",
                "SubscribeFirst Title\nFirst abstract.\n\n",
                "Second Title\n", null, "\n",
                "Third Title\nThird abstract.\n",
                "Dangling Title\n");
        ParserFixtures.Result<Paper> result = parse(parser, page);

        assertThat(result.accepted()).extracting(Paper::getTitle).containsExactly("First Title", "Third Title");
        assertThat(result.rejected()).hasSize(2);
        assertThat(result.rejected().get(0).rejection().code()).isEqualTo(ReasonCode.INVALID_UTF8);
        assertThat(result.rejected().get(0).rejection().location()).isEqualTo("line 6");
        assertThat(result.rejected().get(1).rejection().code()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(result.rejected().get(1).rejection().lineNumber()).isEqualTo(10L);
        assertThat(new String(result.rejected().get(1).rejection().raw(), StandardCharsets.UTF_8)).isEqualTo("Dangling Title");
    }

    @Test
    void shouldOnlyStripSubscribeWhenItIsGluedButtonText() {
        assertThat(HfPageParser.stripSubscribe("SubscribeNeural Nets")).isEqualTo("Neural Nets");
        assertThat(HfPageParser.stripSubscribe("Subscriber Models of Churn")).isEqualTo("Subscriber Models of Churn");
        assertThat(HfPageParser.stripSubscribe("Plain Title")).isEqualTo("Plain Title");
    }

    private static byte[] concat(String... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String p : parts) {
            byte[] b = p == null ? new byte[] {'A', 'b', (byte) 0xFF, 's', 't'} : p.getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
