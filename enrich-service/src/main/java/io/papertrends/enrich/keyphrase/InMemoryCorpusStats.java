package io.papertrends.enrich.keyphrase;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe {@link CorpusStats} held in memory. */
public final class InMemoryCorpusStats implements CorpusStats {

    private final ConcurrentHashMap<String, LongAdder> frequencies = new ConcurrentHashMap<>();
    private final LongAdder documents = new LongAdder();

    @Override
    public long documentCount() {
        return documents.sum();
    }

    @Override
    public long documentFrequency(String normalized) {
        LongAdder count = frequencies.get(normalized);
        return count == null ? 0 : count.sum();
    }

    @Override
    public void addDocument(Collection<String> normalizedTerms) {
        Set<String> distinct =
                normalizedTerms instanceof Set<String> set ? set : new HashSet<>(normalizedTerms);
        for (String term : distinct) {
            frequencies.computeIfAbsent(term, t -> new LongAdder()).increment();
        }
        documents.increment();
    }

    /** Number of distinct terms and phrases counted. */
    public int size() {
        return frequencies.size();
    }
}
