package io.papertrends.enrich;

import io.papertrends.enrich.keyphrase.CorpusStats;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Document frequencies kept in a Kafka Streams state store, so they survive restarts and move
 * with their task. Each task counts the papers of its own partitions: a uniform sample of the
 * corpus (papers are spread by id hash), which is what a frequency ratio needs, at no cost of
 * cross-task coordination. Used from the task's stream thread only.
 *
 * <p>The counts read or written are also kept in a map of at most {@value #MAX_KNOWN} terms
 * (cleared when full), and reads are served from it: a paper looks up and counts a few hundred
 * terms, and each lookup through the store's cache layer (a sorted map of byte arrays, behind
 * metering and serdes) cost more than extracting the keyphrases (profiled in BENCHMARKS.md).
 * Every write still goes to the store, which stays the only state; the map lives as long as
 * this object, which the processor makes again whenever its task is (re)initialised, so after a
 * restore or an aborted transaction it starts empty.
 */
final class StoreCorpusStats implements CorpusStats {
    /** Key of the document count; no normalized term starts with a NUL character. */
    static final String DOCUMENTS = "\u0000documents";
    /** Terms whose counts are kept in memory, per task (about 100 bytes each). */
    static final int MAX_KNOWN = 100_000;

    private final KeyValueStore<String, Long> store;
    private final Map<String, Long> known = new HashMap<>();

    StoreCorpusStats(KeyValueStore<String, Long> store) {
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
            put(term, count(term) + 1);
        }
        put(DOCUMENTS, documentCount() + 1);
    }

    private long count(String key) {
        Long n = known.get(key);
        if (n == null) {
            n = store.get(key);
            n = n == null ? 0L : n;
            remember(key, n);
        }
        return n;
    }

    private void put(String key, long n) {
        store.put(key, n);
        remember(key, n);
    }

    private void remember(String key, Long n) {
        if (known.size() >= MAX_KNOWN && !known.containsKey(key)) {
            known.clear();
        }
        known.put(key, n);
    }
}
