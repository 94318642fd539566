package io.papertrends.trend.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.keywords.KeywordNormalizer;
import io.papertrends.trend.ranking.KeywordSuggestions.Known;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordSuggestionsTest {
    private static final List<Known> KNOWN = List.of(
            known("Graph Neural Networks", 12), known("Graph Transformers", 3), known("Spiking Neural Networks", 7),
            known("Transformers", 40), known("Vision Transformers", 9), known("Diffusion Models", 25), known("Neural Radiance Fields", 4));

    private static Known known(String phrase, long papers) {
        return new Known(KeywordNormalizer.normalize(phrase), phrase, papers);
    }

    private static List<String> suggested(String typed) {
        return KeywordSuggestions.suggest(List.of(KeywordNormalizer.normalize(typed)), KNOWN, KeywordSuggestions.MAX).stream()
                .map(s -> s.keyword().phrase()).toList();
    }

    @Test
    void shouldSuggestTheKeywordATypoMeantFirst() {
        assertThat(suggested("Graph Neural Netwroks")).startsWith("Graph Neural Networks", "Spiking Neural Networks");
        assertThat(suggested("difusion models")).startsWith("Diffusion Models");
    }

    @Test
    void shouldSuggestKeywordsSharingAStemOrStartingWithWhatWasTyped() {
        assertThat(suggested("graph")).containsExactly("Graph Transformers", "Graph Neural Networks");
        // Each shares one of two words: equally similar, so those more papers rank under come first.
        assertThat(suggested("transformer models")).containsExactly("Transformers", "Diffusion Models", "Vision Transformers",
                "Graph Transformers");
        assertThat(suggested("radian")).as("a word typed so far").containsExactly("Neural Radiance Fields");
        assertThat(suggested("quantum chemistry")).isEmpty();
    }

    @Test
    void shouldSuggestAnExactMatchFirstAndAtMostTheLimit() {
        List<Known> many = new ArrayList<>(KNOWN);
        for (int i = 0; i < 30; i++) {
            many.add(known("Neural Topic " + i, i));
        }
        List<KeywordSuggestions.Suggestion> out = KeywordSuggestions.suggest(List.of("neural"), many, KeywordSuggestions.MAX);
        assertThat(out).hasSize(KeywordSuggestions.MAX);
        assertThat(KeywordSuggestions.suggest(List.of("graph neural network"), KNOWN, 10).get(0).keyword().phrase())
                .isEqualTo("Graph Neural Networks");
    }

    @Test
    void shouldCountAKeywordKnownTwiceOnceWithItsMostPapers() {
        List<KeywordSuggestions.Suggestion> out = KeywordSuggestions.suggest(List.of("graph"),
                List.of(known("Graph Transformers", 3), known("Graph Transformers", 8)), 10);
        assertThat(out).singleElement().satisfies(s -> assertThat(s.keyword().papers()).isEqualTo(8));
    }

    @Test
    void shouldMeasureEditsWithinABound() {
        assertThat(KeywordSuggestions.editDistance("network", "netwrok", 2)).isEqualTo(1);
        assertThat(KeywordSuggestions.editDistance("network", "netwrk", 2)).isEqualTo(1);
        assertThat(KeywordSuggestions.editDistance("network", "teamwork", 2)).isEqualTo(3);
        assertThat(KeywordSuggestions.wordSimilarity("gan", "gun")).as("too short for a typo").isZero();
        assertThat(KeywordSuggestions.wordSimilarity("graph", "model")).isZero();
        assertThat(KeywordSuggestions.wordSimilarity("model", "modal")).isEqualTo(0.7);
        assertThat(KeywordSuggestions.wordSimilarity("transform", "trasnfrom")).isEqualTo(0.6);
        assertThat(KeywordSuggestions.similarity("graph neural netwrk", "graph neural network")).isGreaterThan(0.85);
    }
}
