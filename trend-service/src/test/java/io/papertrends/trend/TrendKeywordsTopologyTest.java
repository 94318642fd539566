package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.trend.core.TrendStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trending-keywords} from the whole topology: keyphrases ranked by the growth of their papers. */
class TrendKeywordsTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path stateDir;

    private TrendTestDriver trend;

    @AfterEach
    void tearDown() {
        if (trend != null) {
            trend.close();
        }
    }

    private void start(int keywordsTopK) {
        trend = new TrendTestDriver(TrendTestDriver.config(10).withKeywords(keywordsTopK), stateDir, T0);
    }

    /** Enough intervals for a change to pass both ranking stages and the keyword stage. */
    private List<KeyValue<String, TrendingKeywords>> settle() {
        trend.seconds(4);
        return trend.keywords();
    }

    private static List<String> phrases(TrendingKeywords k) {
        return k.getKeywords().stream().map(KeywordEntry::getNormalized).toList();
    }

    @Test
    void shouldRankAKeywordWhosePapersBurstAboveABiggerSteadyKeyword() {
        start(50);
        // The rest of the field, busy as usual: without it the steady papers' rise would be the whole field's.
        for (int i = 0; i < 20; i++) {
            trend.history("arxiv:calm-" + i, 100);
            trend.window("arxiv:calm-" + i, 5, 100, false);
        }
        for (int i = 0; i < 5; i++) {
            trend.paper("arxiv:steady-" + i, "Steady " + i, List.of("Steady Topic"), List.of());
            trend.history("arxiv:steady-" + i, 100);
            trend.window("arxiv:steady-" + i, 5, 120, false);
        }
        trend.paper("arxiv:burst", "Burst", List.of("Burst Topic"), List.of());
        trend.history("arxiv:burst", 2);
        trend.window("arxiv:burst", 5, 300, false);

        List<KeyValue<String, TrendingKeywords>> out = settle();

        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("1h");
            TrendingKeywords k = kv.value;
            assertThat(k.getWindow()).isEqualTo("1h");
            assertThat(phrases(k)).containsExactly("burst topic", "steady topic");
            KeywordEntry burst = k.getKeywords().get(0);
            KeywordEntry steady = k.getKeywords().get(1);
            assertThat(burst.getPhrase()).isEqualTo("Burst Topic");
            assertThat(burst.getPapers()).isEqualTo(1);
            assertThat(steady.getPapers()).isEqualTo(5);
            assertThat(burst.getEvents()).as("the burst has less traffic").isLessThan(steady.getEvents());
            assertThat(steady.getEvents()).isEqualTo(600);
            // Each steady paper is held to 100 · the field's growth when it arrived: (2000 + 120·n) / (2000 + 100·n).
            double expected = 0;
            double score = 0;
            for (int n = 1; n <= 5; n++) {
                double e = 100 * (2000 + 120.0 * n) / (2000 + 100.0 * n);
                expected += e;
                double z = Math.sqrt(120) + Math.sqrt(121) - Math.sqrt(4 * e + 1);
                score += z * z;
            }
            assertThat(steady.getGrowth()).isCloseTo(600 / expected, offset(1e-6));
            assertThat(steady.getScore()).as("the sum of its papers' squared deviates of 120 events against their expectation").isCloseTo(score, offset(score * 0.005)); // decayed over the seconds of the update intervals
            assertThat(burst.getGrowth()).isGreaterThan(2);
            assertThat(burst.getScore()).isGreaterThan(10 * steady.getScore());
            assertThat(burst.getRank()).isEqualTo(1);
            assertThat(burst.getMovement()).isEqualTo(Movement.NEW);
            assertThat(burst.getPreviousRank()).isNull();
        });
    }

    @Test
    void shouldReportMovementsWhenAKeywordOvertakesAnother() {
        start(50);
        trend.paper("arxiv:a", "A", List.of("Alpha"), List.of());
        trend.paper("arxiv:b", "B", List.of("Beta"), List.of());
        trend.window("arxiv:a", 5, 60, false);
        trend.window("arxiv:b", 5, 30, false);
        assertThat(settle()).singleElement().satisfies(kv -> assertThat(phrases(kv.value)).containsExactly("alpha", "beta"));

        trend.window("arxiv:b", 10, 90, false);
        List<KeyValue<String, TrendingKeywords>> out = settle();

        assertThat(out).singleElement().satisfies(kv -> assertThat(kv.value.getKeywords())
                .extracting(KeywordEntry::getNormalized, KeywordEntry::getRank, KeywordEntry::getPreviousRank, KeywordEntry::getMovement)
                .containsExactly(tuple("beta", 1, 2, Movement.UP), tuple("alpha", 2, 1, Movement.DOWN)));
        KeyValueStore<String, TrendingKeywords> store = trend.driver.getKeyValueStore(TrendStores.KEYWORD_RANKINGS_STORE);
        assertThat(phrases(store.get("1h"))).as("queryable by window").containsExactly("beta", "alpha");
    }

    @Test
    void shouldNotEmitWhenOnlyScoresChangedButKeepTheStoredScoresFresh() {
        start(50);
        trend.paper("arxiv:a", "A", List.of("Alpha"), List.of());
        trend.paper("arxiv:b", "B", List.of("Beta"), List.of());
        trend.window("arxiv:a", 5, 60, false);
        trend.window("arxiv:b", 5, 30, false);
        assertThat(settle()).hasSize(1);
        KeyValueStore<String, TrendingKeywords> store = trend.driver.getKeyValueStore(TrendStores.KEYWORD_RANKINGS_STORE);
        double before = store.get("1h").getKeywords().get(1).getScore();

        trend.window("arxiv:b", 10, 40, false);

        assertThat(settle()).as("order unchanged").isEmpty();
        KeywordEntry beta = store.get("1h").getKeywords().get(1);
        assertThat(beta.getNormalized()).isEqualTo("beta");
        assertThat(beta.getScore()).isGreaterThan(before);
        assertThat(beta.getMovement()).as("as last emitted").isEqualTo(Movement.NEW);
    }

    @Test
    void shouldDropAKeywordOnceItsPapersHaveDecayedAway() {
        start(50);
        trend.paper("arxiv:small", "Small", List.of("Small Burst"), List.of());
        trend.paper("arxiv:big", "Big", List.of("Big Burst"), List.of());
        // 200 and 1,100 events where 1 was expected: raw (√x + √(x+1) − √5)² ≈ 680 ≈ 2^9.4 and 4,110 ≈ 2^12,
        // below the minimum score of 1 after 9.4 and 12 half-lives.
        trend.window("arxiv:small", 5, 200, false);
        trend.window("arxiv:big", 5, 1_100, false);
        assertThat(settle()).singleElement().satisfies(kv -> assertThat(phrases(kv.value)).containsExactly("big burst", "small burst"));

        trend.advance(Duration.ofHours(9));
        assertThat(settle()).as("both still above the minimum").isEmpty();
        trend.advance(Duration.ofHours(2));

        assertThat(settle()).singleElement().satisfies(kv -> {
            assertThat(phrases(kv.value)).containsExactly("big burst");
            assertThat(kv.value.getKeywords().get(0).getMovement()).isEqualTo(Movement.SAME);
            assertThat(kv.value.getKeywords().get(0).getScore()).as("4096 after 11 half-lives").isCloseTo(2, offset(0.1));
        });
        assertThat(trend.driver.getKeyValueStore(TrendStores.KEYWORD_SCORES_STORE).get("1h|small burst")).as("forgotten").isNull();

        trend.advance(Duration.ofHours(2));
        assertThat(settle()).singleElement().satisfies(kv -> assertThat(kv.value.getKeywords()).isEmpty());
        assertThat(trend.driver.getKeyValueStore(TrendStores.KEYWORD_RANKINGS_STORE).get("1h")).isNull();
    }

    @Test
    void shouldEmitAtMostOneRankingPerWindowAndInterval() {
        start(50);
        int records = 0;
        for (int second = 0; second < 12; second++) {
            // A new keyword every second, each bigger than the last: the ranking changes every interval.
            String id = "arxiv:" + second;
            trend.paper(id, "Paper " + second, List.of("Topic " + second), List.of());
            trend.window(id, 5, 20 + 10L * second, false);
            trend.seconds(1);
            List<KeyValue<String, TrendingKeywords>> out = trend.keywords();
            assertThat(out).as("interval %d", second).hasSizeLessThanOrEqualTo(1);
            records += out.size();
        }
        // Merge and summaries punctuate at the same times in one task, in either order: a summary may wait one interval.
        assertThat(records).as("a new ranking at least every other interval once the stages are filled").isGreaterThanOrEqualTo(4);
        List<KeyValue<String, TrendingKeywords>> last = settle();
        assertThat(phrases(last.get(last.size() - 1).value)).startsWith("topic 11", "topic 10", "topic 9");
    }

    @Test
    void shouldRankOnlyTheConfiguredNumberOfKeywordsAndShowTheirCommonestDisplayForm() {
        start(2);
        trend.paper("arxiv:1", "One", List.of("diffusion model", "Other"), List.of("diffus model", "other"), List.of());
        trend.paper("arxiv:2", "Two", List.of("Diffusion Models"), List.of("diffus model"), List.of());
        trend.paper("arxiv:3", "Three", List.of("Diffusion Models"), List.of("diffus model"), List.of());
        trend.paper("arxiv:4", "Four", List.of("Third Topic"), List.of("third topic"), List.of());
        trend.window("arxiv:1", 5, 80, false);
        trend.window("arxiv:2", 5, 70, false);
        trend.window("arxiv:3", 5, 60, false);
        trend.window("arxiv:4", 5, 10, false);

        assertThat(settle()).singleElement().satisfies(kv -> {
            assertThat(phrases(kv.value)).containsExactly("diffus model", "other");
            KeywordEntry diffusion = kv.value.getKeywords().get(0);
            assertThat(diffusion.getPhrase()).isEqualTo("Diffusion Models");
            assertThat(diffusion.getPapers()).isEqualTo(3);
            assertThat(diffusion.getEvents()).isEqualTo(210);
        });
    }
}
