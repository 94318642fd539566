package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.enrich.keyphrase.CodeLink.Kind;
import org.junit.jupiter.api.Test;

class CodeLinkExtractorTest {

    private final CodeLinkExtractor extractor = new CodeLinkExtractor();

    @Test
    void shouldFindLinksOfEveryKindInOrderOfAppearance() {
        String text = "Code is at https://github.com/IBM/TabFormer. Weights: huggingface.co/org/model,"
                + " a mirror at https://gitlab.univ-nantes.fr/E144069X/bench_mk_pred.git) and the"
                + " project page https://serre-lab.github.io/Lens, plus https://www.taolinwei.com/study";

        assertThat(extractor.extract(text)).containsExactly(
                new CodeLink("https://github.com/IBM/TabFormer", Kind.GITHUB),
                new CodeLink("https://huggingface.co/org/model", Kind.HUGGINGFACE),
                new CodeLink("https://gitlab.univ-nantes.fr/E144069X/bench_mk_pred.git", Kind.GITLAB),
                new CodeLink("https://serre-lab.github.io/Lens", Kind.PROJECT),
                new CodeLink("https://www.taolinwei.com/study", Kind.PROJECT));
    }

    @Test
    void shouldAddTheSchemeToBareHosts() {
        assertThat(extractor.extract("see github.com/foo/bar and gitlab.com/a/b and lab.github.io"))
                .extracting(CodeLink::url)
                .containsExactly("https://github.com/foo/bar", "https://gitlab.com/a/b",
                        "https://lab.github.io");
    }

    @Test
    void shouldStripSentencePunctuationButKeepBalancedBrackets() {
        assertThat(extractor.extract("(code: https://github.com/microsoft/SPTAG}}.)"))
                .extracting(CodeLink::url)
                .containsExactly("https://github.com/microsoft/SPTAG");
        assertThat(extractor.extract("at https://example.org/p_(a)."))
                .extracting(CodeLink::url)
                .containsExactly("https://example.org/p_(a)");
    }

    @Test
    void shouldFindLinksGluedToThePrecedingWord() {
        assertThat(extractor.extract("Project webpage.https://github.com/badripatro/mamba360."))
                .containsExactly(new CodeLink("https://github.com/badripatro/mamba360", Kind.GITHUB));
    }

    @Test
    void shouldReturnEachLinkOnce() {
        String text = "https://github.com/foo/bar, www.github.com/foo/bar/ and GitHub.com/foo/bar.";

        assertThat(extractor.extract(text))
                .containsExactly(new CodeLink("https://github.com/foo/bar", Kind.GITHUB));
    }

    @Test
    void shouldTellTextThatCannotHoldALinkOnlyWhenThePatternFindsNone() {
        for (String text : new String[] {"HTTPS://EXAMPLE.ORG/x", "see GITHUB.COM/a/b", "HF.CO/m/n", "Lab.GitHub.IO", "ftp://x.y",
                "We study GitHub usage in the wild.", "a.b c:d e.f.", "", ".c", "x://"}) {
            if (!CodeLinkExtractor.mayHoldLink(text)) {
                assertThat(extractor.extract(text)).as(text).isEmpty();
            }
        }
        assertThat(CodeLinkExtractor.mayHoldLink("HTTPS://EXAMPLE.ORG/x")).isTrue();
        assertThat(CodeLinkExtractor.mayHoldLink("Lab.GitHub.IO")).isTrue();
        assertThat(CodeLinkExtractor.mayHoldLink("We study GitHub usage in the wild.")).isFalse();
        assertThat(extractor.extract("see GITHUB.COM/a/b and HF.CO/m/n")).extracting(CodeLink::url)
                .containsExactly("https://GITHUB.COM/a/b", "https://HF.CO/m/n");
    }

    @Test
    void shouldReturnNothingForTextWithoutLinks() {
        assertThat(extractor.extract("We study GitHub usage in the wild.")).isEmpty();
        assertThat(extractor.extract("")).isEmpty();
        assertThat(extractor.extract(null)).isEmpty();
        assertThat(extractor.extract("http:// and https://")).isEmpty();
    }

    @Test
    void shouldLabelKindsInLowerCase() {
        assertThat(Kind.HUGGINGFACE.label()).isEqualTo("huggingface");
    }
}
