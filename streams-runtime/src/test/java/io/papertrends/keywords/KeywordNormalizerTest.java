package io.papertrends.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordNormalizerTest {
    @Test
    void shouldNormalizeWhatPeopleTypeToTheStemmedForm() {
        assertThat(KeywordNormalizer.normalize("Graph Neural Networks")).isEqualTo("graph neural network");
        assertThat(KeywordNormalizer.normalize("  graph   neural network ")).isEqualTo("graph neural network");
        assertThat(KeywordNormalizer.normalize("Transformers")).isEqualTo(KeywordNormalizer.normalize("transformer"));
    }

    @Test
    void shouldKeepHyphenatedCompoundsAsOneWord() {
        assertThat(KeywordNormalizer.normalize("state-of-the-art models")).isEqualTo("state-of-the-art model");
        assertThat(KeywordNormalizer.normalize("four-dimensional")).isEqualTo("four-dimension");
    }

    @Test
    void shouldDropPossessivesAndPunctuation() {
        assertThat(KeywordNormalizer.normalize("Langevin's dynamics!")).isEqualTo("langevin dynam");
        assertThat(KeywordNormalizer.normalize("  ,;  ")).isEmpty();
        assertThat(KeywordNormalizer.normalize(null)).isEmpty();
    }
}
