package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CorpusStatsTest {

    @Test
    void shouldCountEachTermOncePerDocument() {
        InMemoryCorpusStats stats = new InMemoryCorpusStats();
        stats.addDocument(List.of("graph", "graph", "graph neural network"));
        stats.addDocument(Set.of("graph"));

        assertThat(stats.documentCount()).isEqualTo(2);
        assertThat(stats.documentFrequency("graph")).isEqualTo(2);
        assertThat(stats.documentFrequency("graph neural network")).isEqualTo(1);
        assertThat(stats.documentFrequency("tree")).isZero();
    }

    @Test
    void shouldCountConcurrentWritersExactly() throws Exception {
        InMemoryCorpusStats stats = new InMemoryCorpusStats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        stats.addDocument(Set.of("shared", "term" + (i % 10)));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(stats.documentCount()).isEqualTo(4000);
        assertThat(stats.documentFrequency("shared")).isEqualTo(4000);
        assertThat(stats.documentFrequency("term3")).isEqualTo(400);
    }

    @Test
    void shouldStartFromTheBackgroundTableAndLearnOnTop() {
        InMemoryCorpusStats learnt = new InMemoryCorpusStats();
        CorpusStats stats = CorpusStats.withBackground(learnt);
        long backgroundDocs = stats.documentCount();
        long backgroundApproach = stats.documentFrequency("approach");

        stats.addDocument(Set.of("approach", "langevin"));

        assertThat(backgroundDocs).isPositive();
        assertThat(backgroundApproach).isPositive();
        assertThat(stats.documentCount()).isEqualTo(backgroundDocs + 1);
        assertThat(stats.documentFrequency("approach")).isEqualTo(backgroundApproach + 1);
        assertThat(learnt.documentFrequency("langevin")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheBackgroundTableReadOnly() {
        assertThatThrownBy(() -> BackgroundTable.builtIn().addDocument(Set.of("x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
