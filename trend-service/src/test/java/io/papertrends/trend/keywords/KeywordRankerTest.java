package io.papertrends.trend.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.trend.core.KeywordSummary;
import io.papertrends.trend.core.MockStores;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyword stage alone, fed summaries as the repartition topic delivers them. */
class KeywordRankerTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long HOUR = 3_600_000;

    private final MockProcessorContext<String, TrendingKeywords> context = new MockProcessorContext<>();
    private final KeywordRanker ranker = new KeywordRanker(
            new TrendConfig(3, 1000, HOUR, 0.3, 0.05, 1.0, 1.0, 3, 3, 86_400_000).withKeywords(2));
    private KeyValueStore<String, KeywordSummary> scores;

    @BeforeEach
    void setUp() {
        scores = MockStores.keyValue(context, TrendStores.KEYWORD_SCORES_STORE, KeywordSummary.SERDE);
        MockStores.keyValue(context, TrendStores.KEYWORD_RANKINGS_STORE, KeywordRanker.RANKINGS_SERDE);
        MockStores.keyValue(context, TrendStores.KEYWORD_DIRTY_STORE, Serdes.ByteArray());
        context.setCurrentStreamTimeMs(NOW);
        ranker.init(context);
    }


    private void send(String phrase, double score, long refMs) {
        ranker.process(new Record<>("1h", new KeywordSummary("1h", phrase, phrase, score, refMs, 2 * score, score, 1, 10), NOW));
    }

    private List<TrendingKeywords> punctuate(long at) {
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at);
        return context.forwarded().stream().<TrendingKeywords>map(f -> f.record().value()).toList();
    }

    private List<String> kept() {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, KeywordSummary> it = scores.all()) {
            it.forEachRemaining(kv -> out.add(kv.value.normalized()));
        }
        return out;
    }

    @Test
    void shouldKeepAtMostTenTimesKSummariesPerWindowAndRankK() {
        for (int i = 0; i < 30; i++) {
            send(String.format("k%02d", i), 10 + i, NOW);
        }
        List<TrendingKeywords> out = punctuate(NOW);

        assertThat(out).singleElement().satisfies(k -> {
            assertThat(k.getKeywords()).extracting(KeywordEntry::getNormalized).containsExactly("k29", "k28");
            assertThat(k.getKeywords().get(0).getGrowth()).isEqualTo(2.0);
        });
        assertThat(kept()).hasSize(20).doesNotContain("k00", "k09").contains("k10", "k29");
    }

    @Test
    void shouldCompareScoresSentAtDifferentTimesAtTheSameTime() {
        send("old", 40, NOW - 2 * HOUR);
        send("fresh", 20, NOW);

        assertThat(punctuate(NOW)).singleElement().satisfies(k -> {
            assertThat(k.getKeywords()).extracting(KeywordEntry::getNormalized).containsExactly("fresh", "old");
            assertThat(k.getKeywords().get(1).getScore()).isCloseTo(10, offset(1e-9));
        });
    }

    @Test
    void shouldRemoveAKeywordWhoseSummaryIsEmpty() {
        send("a", 40, NOW);
        send("b", 20, NOW);
        punctuate(NOW);

        ranker.process(new Record<>("1h", KeywordSummary.empty("1h", "a", NOW), NOW));
        assertThat(punctuate(NOW + 1000)).singleElement()
                .satisfies(k -> assertThat(k.getKeywords()).extracting(KeywordEntry::getNormalized).containsExactly("b"));
        assertThat(kept()).containsExactly("b");
        assertThat(punctuate(NOW + 2000)).as("nothing changed").isEmpty();
    }
}
