package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.keywords.KeywordNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a person types names the same keyword as the extractor finds: for every keyphrase the
 * extractor returns, the shared normaliser turns its display form into its normalised form, so a
 * subscription or a query written as the phrase reads finds the extractor's scope.
 */
class KeywordNormalizerConsistencyTest {
    private static final String TITLE_2 = "Graph Neural Networks for State-of-the-Art Molecule's Property Prediction";
    private static final String ABSTRACT_2 = "Graph neural networks (GNNs) learn representations of molecules from"
            + " their bonds. We propose message-passing transformers with self-attention over atoms, and show that"
            + " a model's pre-training on 2 million unlabelled molecules improves few-shot property prediction."
            + " Code is released for reproducible benchmarks of diffusion models and large language models.";

    @Test
    void shouldNormalizeEveryExtractedPhraseToItsNormalizedForm() {
        KeyphraseExtractor extractor = new KeyphraseExtractor();
        List<Keyphrase> found = new java.util.ArrayList<>(extractor.extract(KeyphraseExtractorTest.TITLE, KeyphraseExtractorTest.ABSTRACT, 15));
        found.addAll(extractor.extract(TITLE_2, ABSTRACT_2, 15));
        assertThat(found).hasSizeGreaterThan(15);
        for (Keyphrase k : found) {
            assertThat(KeywordNormalizer.normalize(k.phrase())).as("normalised form of '%s'", k.phrase()).isEqualTo(k.normalized());
        }
    }
}
