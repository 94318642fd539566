package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyphraseEvaluatorTest {

    @Test
    void shouldNormalizeByLowercasingTokenizingAndStemming() {
        assertThat(KeyphraseEvaluator.normalize("Neural Networks")).isEqualTo("neural network");
        assertThat(KeyphraseEvaluator.normalize("four-dimensional field theories"))
                .isEqualTo("four-dimension field theori");
        assertThat(KeyphraseEvaluator.normalize("SL(N,C) gauge cooling"))
                .isEqualTo("sl n c gaug cool");
        assertThat(KeyphraseEvaluator.normalize("  ...  ")).isEmpty();
        assertThat(KeyphraseEvaluator.normalize(null)).isEmpty();
    }

    @Test
    void shouldScoreExactStemmedMatches() {
        // 2 of 4 predictions match ("neural networks" ~ "neural network", "graphs" ~ "graph");
        // 3 distinct gold phrases: P = 0.5, R = 2/3, F1 = 2*0.5*(2/3)/(0.5+2/3) = 4/7.
        KeyphraseEvaluator.Prf prf = KeyphraseEvaluator.score(
                List.of("neural networks", "deep models", "graphs", "learning"),
                List.of("neural network", "graph", "message passing"), 10);

        assertThat(prf.precision()).isCloseTo(0.5, within(1e-9));
        assertThat(prf.recall()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(prf.f1()).isCloseTo(4.0 / 7, within(1e-9));
    }

    @Test
    void shouldDropDuplicateStemmedPredictionsBeforeCuttingAtN() {
        // "Graphs" and "graph" are one prediction, so the cut at 2 keeps "graph" and "tree":
        // both match, P = 1, R = 2/4, F1 = 2/3.
        KeyphraseEvaluator.Prf prf = KeyphraseEvaluator.score(
                List.of("Graphs", "graph", "tree", "forest"),
                List.of("graph", "tree", "forest", "leaf"), 2);

        assertThat(prf.precision()).isCloseTo(1.0, within(1e-9));
        assertThat(prf.recall()).isCloseTo(0.5, within(1e-9));
        assertThat(prf.f1()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void shouldNotMatchPartialPhrases() {
        KeyphraseEvaluator.Prf prf = KeyphraseEvaluator.score(
                List.of("sign problem"), List.of("severe sign problem"), 5);

        assertThat(prf.f1()).isZero();
    }

    @Test
    void shouldScoreZeroWhenNothingIsPredicted() {
        KeyphraseEvaluator.Prf prf = KeyphraseEvaluator.score(List.of(), List.of("graph"), 5);

        assertThat(prf).isEqualTo(new KeyphraseEvaluator.Prf(0, 0, 0));
    }

    @Test
    void shouldMacroAverageOverDocuments() {
        KeyphraseEvaluator evaluator = new KeyphraseEvaluator();
        evaluator.add(List.of("graph"), List.of("graph"), 5);
        evaluator.add(List.of("tree", "leaf"), List.of("graph", "tree"), 5);

        // Document 1: P = R = F1 = 1; document 2: P = 0.5, R = 0.5, F1 = 0.5.
        KeyphraseEvaluator.Prf macro = evaluator.macroAverage();
        assertThat(evaluator.documentCount()).isEqualTo(2);
        assertThat(macro.precision()).isCloseTo(0.75, within(1e-9));
        assertThat(macro.recall()).isCloseTo(0.75, within(1e-9));
        assertThat(macro.f1()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void shouldNormalizeAsTheExtractorNormalizesItsPhrases() {
        List<Keyphrase> top = new KeyphraseExtractor().extract("Lattice QCD at nonzero chemical potential",
                "We study lattice QCD at nonzero chemical potential with complex Langevin dynamics and gauge cooling.", 10);

        assertThat(top).isNotEmpty().allSatisfy(k ->
                assertThat(KeyphraseEvaluator.normalize(k.phrase())).isEqualTo(k.normalized()));
    }
}
