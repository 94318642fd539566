package io.papertrends.enrich.keyphrase;

import java.util.Collection;

/**
 * Document frequencies of normalized terms and phrases over the papers seen so far. The
 * extractor reads them to tell a paper's own vocabulary from words every paper uses; the
 * streaming job may back them with a state store. Implementations must be safe for concurrent
 * readers and writers.
 */
public interface CorpusStats {

    /** Number of documents counted so far. */
    long documentCount();

    /**
     * Number of counted documents containing the given normalized term or phrase (lower-cased
     * Porter stems joined by one space, as in {@link Keyphrase#normalized()}).
     */
    long documentFrequency(String normalized);

    /**
     * Counts one document.
     *
     * @param normalizedTerms the distinct normalized terms and phrases of the document; a term
     *     listed twice is counted once
     */
    void addDocument(Collection<String> normalizedTerms);

    /**
     * Statistics that start from the built-in background table (general scientific text) and
     * learn into {@code learnt}; frequencies are the sum of both, so the background stops
     * mattering as the learnt corpus grows.
     */
    static CorpusStats withBackground(CorpusStats learnt) {
        return new LayeredCorpusStats(BackgroundTable.builtIn(), learnt);
    }

    /** A fresh in-memory store on top of the built-in background table. */
    static CorpusStats coldStart() {
        return withBackground(new InMemoryCorpusStats());
    }
}
