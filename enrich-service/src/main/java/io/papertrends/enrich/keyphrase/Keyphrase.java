package io.papertrends.enrich.keyphrase;

import java.util.Objects;

/**
 * One keyphrase of a paper.
 *
 * @param phrase the phrase as it reads in the paper (original case and hyphenation)
 * @param normalized the lower-cased, Porter-stemmed form, words joined by one space; two
 *     phrases with the same normalized form name the same idea
 * @param score relevance to the paper, higher is better; comparable only within one paper
 */
public record Keyphrase(String phrase, String normalized, double score) {

    /** Rejects null text. */
    public Keyphrase {
        Objects.requireNonNull(phrase, "phrase");
        Objects.requireNonNull(normalized, "normalized");
    }
}
