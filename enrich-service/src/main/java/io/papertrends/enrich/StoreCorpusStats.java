package io.papertrends.enrich;

import io.papertrends.enrich.keyphrase.CorpusStats;
import io.papertrends.streams.KeyValueWriteBackStore;
import java.util.Collection;

/**
 * Document frequencies kept in a Kafka Streams state store, so they survive restarts and move
 * with their task. Each task counts the papers of its own partitions: a uniform sample of the
 * corpus (papers are spread by id hash), which is what a frequency ratio needs, at no cost of
 * cross-task coordination. Used from the task's stream thread only.
 *
 * <p>The store is a write-back cache of live counts ({@link KeyValueWriteBackStore}): a paper
 * looks up and counts a few hundred terms, and each read or write through the store's own cache
 * layer (a sorted map of byte arrays, behind metering and serdes) cost more than extracting the
 * keyphrases (profiled in BENCHMARKS.md). Counts change in memory and reach the store and its
 * changelog once per commit, inside the transaction, so exactly-once holds; an aborted
 * transaction drops the cache with the rest of the uncommitted work.
 */
final class StoreCorpusStats implements CorpusStats {
    /** Key of the document count; no normalized term starts with a NUL character. */
    static final String DOCUMENTS = "\u0000documents";

    private final KeyValueWriteBackStore<String, Long> store;

    StoreCorpusStats(KeyValueWriteBackStore<String, Long> store) {
        this.store = store;
    }

    @Override
    public long documentCount() {
        return count(DOCUMENTS);
    }

    @Override
    public long documentFrequency(String normalized) {
        return count(normalized);
    }

    @Override
    public void addDocument(Collection<String> normalizedTerms) {
        for (String term : normalizedTerms) {
            store.update(term, count(term) + 1);
        }
        store.update(DOCUMENTS, documentCount() + 1);
    }

    private long count(String key) {
        Long n = store.live(key);
        return n == null ? 0L : n;
    }
}
