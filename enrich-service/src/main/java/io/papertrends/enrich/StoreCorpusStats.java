package io.papertrends.enrich;

import io.papertrends.enrich.keyphrase.CorpusStats;
import java.util.Collection;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Document frequencies kept in a Kafka Streams state store, so they survive restarts and move
 * with their task. Each task counts the papers of its own partitions: a uniform sample of the
 * corpus (papers are spread by id hash), which is what a frequency ratio needs, at no cost of
 * cross-task coordination. Used from the task's stream thread only.
 */
final class StoreCorpusStats implements CorpusStats {
    /** Key of the document count; no normalized term starts with a NUL character. */
    static final String DOCUMENTS = "\u0000documents";

    private final KeyValueStore<String, Long> store;

    StoreCorpusStats(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    @Override
    public long documentCount() {
        Long n = store.get(DOCUMENTS);
        return n == null ? 0 : n;
    }

    @Override
    public long documentFrequency(String normalized) {
        Long n = store.get(normalized);
        return n == null ? 0 : n;
    }

    @Override
    public void addDocument(Collection<String> normalizedTerms) {
        for (String term : normalizedTerms) {
            Long n = store.get(term);
            store.put(term, n == null ? 1 : n + 1);
        }
        store.put(DOCUMENTS, documentCount() + 1);
    }
}
