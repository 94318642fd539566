package io.papertrends.enrich.keyphrase;

import java.util.Collection;

/** A read-only base (the background table) under a store that learns. */
final class LayeredCorpusStats implements CorpusStats {

    private final CorpusStats base;
    private final CorpusStats learnt;

    LayeredCorpusStats(CorpusStats base, CorpusStats learnt) {
        this.base = base;
        this.learnt = learnt;
    }

    @Override
    public long documentCount() {
        return base.documentCount() + learnt.documentCount();
    }

    @Override
    public long documentFrequency(String normalized) {
        return base.documentFrequency(normalized) + learnt.documentFrequency(normalized);
    }

    @Override
    public void addDocument(Collection<String> normalizedTerms) {
        learnt.addDocument(normalizedTerms);
    }
}
