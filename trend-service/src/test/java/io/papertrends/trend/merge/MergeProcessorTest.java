package io.papertrends.trend.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.MockStores;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendMetrics;
import io.papertrends.trend.core.TrendState;
import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.core.TrendStores;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merge stage alone, fed the candidate lists of several partitions as the repartition topic delivers them. */
class MergeProcessorTest {
    private static final long NOW = 1_800_000_000_000L;

    private final MockProcessorContext<String, TrendingUpdate> context = new MockProcessorContext<>();
    private final MergeProcessor processor = new MergeProcessor(
            new TrendConfig(3, 1000, 3_600_000, 0.3, 0.05, 1.0, 1.0, 3, 3, 86_400_000), new TrendMetrics(new SimpleMeterRegistry()));

    @BeforeEach
    void setUp() {
        MockStores.keyValue(context, TrendStores.MERGE_CANDIDATES_STORE, Candidates.SERDE);
        MockStores.keyValue(context, TrendStores.RANKINGS_STORE, TrendState.Ranking.SERDE);
        MockStores.keyValue(context, TrendStores.MERGE_DIRTY_STORE, Serdes.ByteArray());
        MockStores.keyValue(context, TrendStores.EXPIRY_STORE, Serdes.ByteArray());
        MockStores.keyValue(context, TrendStores.KEYWORD_SUMMARY_DIRTY_STORE, Serdes.ByteArray());
        processor.init(context);
    }


    private static Candidate candidate(String paper, double raw) {
        return new Candidate(paper, "title of " + paper, List.of(), raw, raw, 1, raw, 1, 1, NOW, NOW);
    }

    private void send(int partition, Candidate... candidates) {
        processor.process(new Record<>("1h|global", new Candidates(partition, List.of(candidates)), NOW));
    }

    private List<TrendingUpdate> punctuate(long at) {
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at);
        return context.forwarded().stream().<TrendingUpdate>map(f -> f.record().value()).toList();
    }

    private static List<String> ids(TrendingUpdate update) {
        return update.getEntries().stream().map(TrendingEntry::getPaperId).toList();
    }

    @Test
    void shouldMergeTheCandidatesOfAllPartitionsIntoOneTopK() {
        send(0, candidate("p0-a", 90), candidate("p0-b", 10), candidate("p0-c", 5));
        send(1, candidate("p1-a", 50), candidate("p1-b", 40));
        send(2, candidate("p2-a", 70));

        List<TrendingUpdate> out = punctuate(NOW);

        assertThat(out).singleElement().satisfies(u -> {
            assertThat(u.getScope()).isEqualTo("global");
            assertThat(u.getWindow()).isEqualTo("1h");
            assertThat(ids(u)).containsExactly("p0-a", "p2-a", "p1-a");
        });
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("global");
    }

    @Test
    void shouldReplaceAPartitionsListWithItsNextOne() {
        send(0, candidate("a", 90));
        send(1, candidate("b", 50));
        punctuate(NOW);

        send(0);
        List<TrendingUpdate> out = punctuate(NOW + 1000);

        assertThat(out).singleElement().satisfies(u -> {
            assertThat(ids(u)).containsExactly("b");
            assertThat(u.getLeft()).containsExactly("a");
        });
        assertThat(punctuate(NOW + 2000)).as("nothing new").isEmpty();
    }

    @Test
    void shouldKeepTheLatestActivityOfAPaperListedByTwoPartitions() {
        send(0, new Candidate("moved", null, List.of(), 5, 5, 1, 5, 1, 1, NOW - 1000, NOW));
        send(1, new Candidate("moved", null, List.of(), 80, 80, 1, 80, 1, 1, NOW, NOW));

        assertThat(punctuate(NOW)).singleElement()
                .satisfies(u -> assertThat(u.getEntries()).singleElement().satisfies(e -> assertThat(e.getObserved()).isEqualTo(80)));
    }
}
