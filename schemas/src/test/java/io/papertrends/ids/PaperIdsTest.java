package io.papertrends.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;

class PaperIdsTest {

    @ParameterizedTest
    @CsvSource({
            "2401.01234, 2401.01234, ",
            "2401.01234v2, 2401.01234, 2",
            "arXiv:2401.01234v3, 2401.01234, 3",
            "ARXIV:1603.03827, 1603.03827, ",
            "0704.0001v1, 0704.0001, 1",
            "hep-th/9901001v1, hep-th/9901001, 1",
            "hep-th/9901001, hep-th/9901001, ",
            "math.GT/0309136, math.GT/0309136, ",
            "math.gt/0309136v2, math.GT/0309136, 2",
            "cond-mat/0102536v1, cond-mat/0102536, 1",
            "https://arxiv.org/abs/2401.01234v2, 2401.01234, 2",
            "http://arxiv.org/abs/hep-ex/0307015v1, hep-ex/0307015, 1",
            "https://arxiv.org/pdf/2401.01234v1.pdf, 2401.01234, 1",
            "https://arxiv.org/pdf/2401.01234, 2401.01234, ",
            "https://export.arxiv.org/abs/2401.01234?context=cs, 2401.01234, ",
            "arxiv.org/abs/2401.01234/, 2401.01234, ",
            "oai:arXiv.org:2402.18613v1, 2402.18613, 1",
            "10.48550/arXiv.2401.01234, 2401.01234, ",
            "https://doi.org/10.48550/arXiv.2401.01234, 2401.01234, ",
            "'  2401.01234v2  ', 2401.01234, 2"
    })
    void shouldParseArxivIdsInEveryForm(String raw, String id, Integer version) {
        assertThat(PaperIds.parseArxiv(raw)).contains(new PaperIds.ArxivId(id, version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2401", "2413.01234", "1234.5", "Attention is all you need", "10.1145/3292500.3330701",
            "https://example.org/abs/2401.01234", "hep-th/990100", "arxiv:"})
    void shouldNotTakeOtherTextForAnArxivId(String raw) {
        assertThat(PaperIds.parseArxiv(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "10.1145/3292500.3330701, 10.1145/3292500.3330701",
            "10.1000/ABC.Def, 10.1000/abc.def",
            "doi:10.1000/xyz, 10.1000/xyz",
            "DOI: 10.1000/xyz, 10.1000/xyz",
            "https://doi.org/10.1000/XYZ, 10.1000/xyz",
            "http://dx.doi.org/10.1000/xyz, 10.1000/xyz",
            "doi.org/10.1000/a%2Fb, 10.1000/a/b",
            "info:doi/10.1000/xyz, 10.1000/xyz"
    })
    void shouldNormaliseDois(String raw, String expected) {
        assertThat(PaperIds.parseDoi(raw)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11.1000/xyz", "10.10/xyz", "doi:", "https://doi.org/", "10.1000/"})
    void shouldRejectWhatIsNotADoi(String raw) {
        assertThat(PaperIds.parseDoi(raw)).isEmpty();
    }

    @Test
    void shouldGiveOneTitleIdToTitlesThatDifferOnlyInCasePunctuationAndSpacing() {
        String id = PaperIds.forTitle("Attention Is All You Need");
        assertThat(id).matches("title:[0-9a-f]{16}");
        assertThat(PaperIds.forTitle("  attention is all   you need. ")).isEqualTo(id);
        assertThat(PaperIds.forTitle("Attention\u00A0Is All You-Need!")).isEqualTo(id);
        assertThat(PaperIds.forTitle("Ａｔｔｅｎｔｉｏｎ Is All You Need")).isEqualTo(id);
        assertThat(PaperIds.forTitle("Attention Is Not All You Need")).isNotEqualTo(id);
    }

    @Test
    void shouldGiveOneTitleIdToComposedAndDecomposedAccents() {
        assertThat(PaperIds.forTitle("Caf\u00e9 networks")).isEqualTo(PaperIds.forTitle("Cafe\u0301 networks"));
    }

    @Test
    void shouldPreferArxivThenDoiThenClientIdThenTitle() {
        String[] first = {null, "10.1000/x", "https://arxiv.org/abs/2401.01234v2"};
        assertThat(PaperIds.derive(PaperIds.firstArxiv(first), PaperIds.firstDoi(first), "mine-1", "T")).isEqualTo("arxiv:2401.01234");
        String[] second = {null, "https://doi.org/10.1000/X"};
        assertThat(PaperIds.derive(PaperIds.firstArxiv(second), PaperIds.firstDoi(second), "mine-1", "T")).isEqualTo("doi:10.1000/x");
        assertThat(PaperIds.derive(null, null, " mine-1 ", "T")).isEqualTo("mine-1");
        assertThat(PaperIds.derive(PaperIds.firstArxiv((String) null), PaperIds.firstDoi((String) null), null, "T"))
                .isEqualTo(PaperIds.forTitle("T"));
    }

    @Test
    void shouldLinkArxivAndDoiIdsToTheirReaderPagesOnly() {
        assertThat(PaperIds.readerUrl("arxiv:2401.01234")).contains("https://arxiv.org/abs/2401.01234");
        assertThat(PaperIds.readerUrl("arxiv:hep-th/9901001")).contains("https://arxiv.org/abs/hep-th/9901001");
        assertThat(PaperIds.readerUrl("doi:10.1000/a b")).contains("https://doi.org/10.1000/a+b");
        assertThat(PaperIds.readerUrl(PaperIds.forTitle("T"))).isEmpty();
        assertThat(PaperIds.readerUrl("mine-1")).isEmpty();
    }

    @Test
    void shouldCanonicaliseClientIds() {
        assertThat(PaperIds.canonical("arXiv:2401.01234v5")).isEqualTo("arxiv:2401.01234");
        assertThat(PaperIds.canonical("arxiv:2401.01234")).isEqualTo("arxiv:2401.01234");
        assertThat(PaperIds.canonical("doi:10.1000/ABC")).isEqualTo("doi:10.1000/abc");
        assertThat(PaperIds.canonical("TITLE:0123456789ABCDEF")).isEqualTo("title:0123456789abcdef");
        assertThat(PaperIds.canonical(" my-paper-7 ")).isEqualTo("my-paper-7");
    }

    @Test
    void shouldReadBareNewStyleIdsExactlyAsThePatternsDo() {
        // Id-shaped text with random digits, months 00-19, 3-6 digit numbers, versions, stray letters.
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "0123456789.v/Vx";
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(5) == 0) {
                int length = random.nextInt(16);
                for (int c = 0; c < length; c++) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                sb.append(String.format("%02d%02d.", random.nextInt(100), random.nextInt(20)));
                int digits = random.nextInt(3, 7);
                for (int d = 0; d < digits; d++) {
                    sb.append((char) ('0' + random.nextInt(10)));
                }
                if (random.nextBoolean()) {
                    sb.append('v').append(random.nextInt(4) == 0 ? "" : Long.toString(random.nextLong(0, 100_000_000_000L)));
                }
            }
            String text = sb.toString();
            if (PaperIds.bareNewStyle(text) != null) {
                fast++;
            }
            assertThat(PaperIds.parseArxiv(text)).as(text).isEqualTo(PaperIds.parseArxivWithPatterns(text));
        }
        assertThat(fast).isGreaterThan(20_000);
    }
}
