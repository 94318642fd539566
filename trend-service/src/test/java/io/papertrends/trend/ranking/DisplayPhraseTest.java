package io.papertrends.trend.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayPhraseTest {

    @Test
    void shouldMatchDisplayFormsToTheirStems() {
        assertThat(DisplayPhrase.matches("Diffusion Models", new String[] {"diffus", "model"})).isTrue();
        assertThat(DisplayPhrase.matches("case studies", new String[] {"case", "studi"})).isTrue();
        assertThat(DisplayPhrase.matches("Happy path", new String[] {"happi", "path"})).isTrue();
        assertThat(DisplayPhrase.matches("large-scale model", new String[] {"larg", "scale", "model"})).isTrue();
        assertThat(DisplayPhrase.matches("Diffusion", new String[] {"diffus", "model"})).isFalse();
        assertThat(DisplayPhrase.matches("Different Models", new String[] {"diffus", "model"})).isFalse();
    }

    @Test
    void shouldChooseTheCommonestFormWithTiesToTheBestRankedPaper() {
        assertThat(DisplayPhrase.choose("diffus model", List.of(
                List.of("Other", "diffusion model"), List.of("Diffusion Models"), List.of("Diffusion Models")))).isEqualTo("Diffusion Models");
        assertThat(DisplayPhrase.choose("diffus model", List.of(
                List.of("diffusion model"), List.of("Diffusion Models"), List.of("Diffusion Models"), List.of("diffusion model"))))
                .isEqualTo("diffusion model");
    }

    @Test
    void shouldPreferThePhraseThatNormalisesToTheForm() {
        // "Happen" shares the stem's letters but normalises to "happen", not "happi".
        assertThat(DisplayPhrase.choose("happi path", List.of(List.of("Happen Path", "Happy Paths")))).isEqualTo("Happy Paths");
        assertThat(DisplayPhrase.choose("graph neural network", List.of(List.of("Graph Neural Networks"), List.of("graph neural network"),
                List.of("Graph Neural Networks")))).isEqualTo("Graph Neural Networks");
    }

    @Test
    void shouldFallBackToTheNormalisedForm() {
        assertThat(DisplayPhrase.choose("quantum error correct", List.of(List.of("Something else"), List.of()))).isEqualTo("quantum error correct");
    }
}
