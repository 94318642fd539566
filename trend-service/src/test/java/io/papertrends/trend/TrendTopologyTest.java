package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState;
import io.papertrends.trend.core.TrendStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendTopologyTest {
    private static final long MIN = 60_000;
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path stateDir;

    private TrendTestDriver trend;
    private TopologyTestDriver driver;
    private SimpleMeterRegistry meters;

    /** K papers per ranking, one update per second, a half-life of one hour, no other setting changed. */
    private void start(int k) {
        trend = new TrendTestDriver(TrendTestDriver.config(k), stateDir, T0);
        driver = trend.driver;
        meters = trend.meters;
    }

    @AfterEach
    void tearDown() {
        if (trend != null) {
            trend.close();
        }
    }

    private void paper(String id, String title, List<String> keyphrases, List<String> categories) {
        trend.paper(id, title, keyphrases, categories);
    }

    /** The 1 h window of {@code paper} ending {@code endMinutes} after T0, with {@code views} distinct readers viewing it. */
    private void window(String paper, long endMinutes, long views, boolean closed) {
        trend.window(paper, endMinutes, views, closed);
    }

    /** A paper's history: closed windows of {@code views} each, ending before T0. */
    private void history(String paper, long views) {
        trend.history(paper, views);
    }

    /** One update interval for each stage: partitions send their candidates, then the merge ranks them. */
    private List<KeyValue<String, TrendingUpdate>> tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return trend.updates();
    }

    private static List<TrendingUpdate> scope(List<KeyValue<String, TrendingUpdate>> records, String scope) {
        return records.stream().filter(kv -> kv.key.equals(scope)).map(kv -> kv.value).toList();
    }

    private static List<String> ids(TrendingUpdate update) {
        return update.getEntries().stream().map(TrendingEntry::getPaperId).toList();
    }

    /** Ten papers at a steady {@code level}: the rest of the field, busy as usual. */
    private void calmField(long level) {
        for (int i = 0; i < 10; i++) {
            history("arxiv:calm-" + i, level);
            window("arxiv:calm-" + i, 5, level, false);
        }
    }

    @Test
    void shouldKeepEachPapersClosedWindowsAsItsHistory() {
        start(10);
        history("arxiv:h", 3);
        window("arxiv:h", -10, 99, true); // a late duplicate of a window already counted: ignored
        window("arxiv:h", 5, 40, false);
        @SuppressWarnings("unchecked")
        ReadOnlyKeyValueStore<String, TrendState.PaperState> store = (ReadOnlyKeyValueStore<String, TrendState.PaperState>) driver.getAllStateStores().get(TrendStores.PAPER_STORE);
        TrendState.PaperState state = store.get("arxiv:h\u00001h");
        assertThat(state.history()).extracting(TrendState.Closed::endMs)
                .containsExactly(T0.toEpochMilli() - 30 * MIN, T0.toEpochMilli() - 25 * MIN, T0.toEpochMilli() - 20 * MIN,
                        T0.toEpochMilli() - 15 * MIN, T0.toEpochMilli() - 10 * MIN, T0.toEpochMilli() - 5 * MIN, T0.toEpochMilli());
        assertThat(state.history()).extracting(TrendState.Closed::score).containsOnly(3.0);
        assertThat(state.observed()).isEqualTo(40);
    }

    @Test
    void shouldRankAPlantedBurstOnAQuietPaperAboveSteadyHighTraffic() {
        start(10);
        history("arxiv:quiet", 2);
        history("arxiv:steady", 100);
        calmField(100);
        window("arxiv:steady", 5, 130, false);
        window("arxiv:quiet", 5, 100, false);

        List<TrendingUpdate> global = scope(tick(), "global");

        assertThat(global).singleElement().satisfies(u -> {
            assertThat(u.getWindow()).isEqualTo("1h");
            assertThat(ids(u)).containsExactly("arxiv:quiet", "arxiv:steady");
            TrendingEntry burst = u.getEntries().get(0);
            TrendingEntry steady = u.getEntries().get(1);
            assertThat(burst.getObserved()).as("the burst has less traffic").isLessThan(steady.getObserved());
            assertThat(burst.getScore()).isGreaterThan(5 * steady.getScore());
            assertThat(burst.getGrowth()).isGreaterThan(2);
            // Each paper is scored when its record arrives, against the field as busy as it is then: when steady's
            // arrives (10·100 + 130) / (10·100 + 100), when quiet's arrives (10·100 + 130 + min(100, 2·2)) / (10·100 + 100 + 2).
            assertThat(steady.getExpected()).as("held to its own level, scaled by the field's").isCloseTo(100 * 1130.0 / 1100, offset(1e-6));
            assertThat(steady.getGrowth()).isCloseTo(130 / (100 * 1130.0 / 1100), offset(1e-6));
            assertThat(burst.getExpected()).as("held to its own level, scaled by the field's").isCloseTo(2 * 1134.0 / 1102, offset(1e-6));
            assertThat(burst.getDecay()).as("ranked a second or two after its activity").isCloseTo(1.0, offset(0.001));
            assertThat(burst.getEvents()).isEqualTo(100);
            assertThat(burst.getReaders()).isEqualTo(100);
            assertThat(burst.getMovement()).isEqualTo(Movement.NEW);
            assertThat(burst.getPreviousRank()).isNull();
            assertThat(u.getLeft()).isEmpty();
            assertThat(u.getAsOf()).isEqualTo(T0.plusMillis(4 * MIN));
        });
    }

    @Test
    void shouldCarryTitleAndKeyphrasesOfEnrichedPapers() {
        start(10);
        paper("arxiv:1", "Attention Is All You Need", List.of("Attention", "Transformer"), List.of("cs.CL"));
        window("arxiv:1", 5, 50, false);

        TrendingEntry entry = scope(tick(), "global").get(0).getEntries().get(0);
        assertThat(entry.getTitle()).isEqualTo("Attention Is All You Need");
        assertThat(entry.getKeyphrases()).containsExactly("Attention", "Transformer");
    }

    @Test
    void shouldReportMovementsAndPapersThatLeftWhenTheRankingChanges() {
        start(2);
        window("arxiv:a", 5, 40, false);
        window("arxiv:b", 5, 20, false);
        assertThat(ids(scope(tick(), "global").get(0))).containsExactly("arxiv:a", "arxiv:b");

        window("arxiv:c", 5, 80, false);
        List<TrendingUpdate> global = scope(tick(), "global");

        assertThat(global).singleElement().satisfies(u -> {
            assertThat(u.getEntries()).extracting(TrendingEntry::getPaperId, TrendingEntry::getRank, TrendingEntry::getPreviousRank,
                    TrendingEntry::getMovement).containsExactly(
                            tuple("arxiv:c", 1, null, Movement.NEW),
                            tuple("arxiv:a", 2, 1, Movement.DOWN));
            assertThat(u.getLeft()).containsExactly("arxiv:b");
        });

        window("arxiv:a", 10, 200, false);
        assertThat(scope(tick(), "global")).singleElement().satisfies(u ->
                assertThat(u.getEntries()).extracting(TrendingEntry::getPaperId, TrendingEntry::getMovement)
                        .containsExactly(tuple("arxiv:a", Movement.UP), tuple("arxiv:c", Movement.DOWN)));
    }

    @Test
    void shouldNotEmitWhenTheRankingDidNotChange() {
        start(10);
        window("arxiv:a", 5, 40, false);
        window("arxiv:b", 5, 20, false);
        assertThat(tick()).isNotEmpty();

        window("arxiv:a", 5, 41, false);
        window("arxiv:b", 5, 21, false);
        assertThat(tick()).as("scores moved, order did not").isEmpty();
        assertThat(tick()).as("nothing happened").isEmpty();
    }

    @Test
    void shouldKeepTheCurrentRankingQueryableWithFreshScoresAndTheLastMovements() {
        start(10);
        window("arxiv:a", 5, 40, false);
        tick();
        window("arxiv:b", 5, 80, false);
        tick();
        KeyValueStore<String, TrendState.Ranking> rankings = driver.getKeyValueStore(TrendStores.RANKINGS_STORE);
        TrendingUpdate view = rankings.get(new CompositeKey("1h", "global").encode()).view();
        assertThat(view.getEntries()).extracting(TrendingEntry::getPaperId, TrendingEntry::getMovement)
                .containsExactly(tuple("arxiv:b", Movement.NEW), tuple("arxiv:a", Movement.DOWN));
        double before = view.getEntries().get(1).getObserved();

        window("arxiv:a", 5, 60, false);
        assertThat(tick()).as("order unchanged: nothing emitted").isEmpty();
        TrendingUpdate refreshed = rankings.get(new CompositeKey("1h", "global").encode()).view();
        assertThat(refreshed.getEntries()).extracting(TrendingEntry::getPaperId, TrendingEntry::getMovement)
                .containsExactly(tuple("arxiv:b", Movement.NEW), tuple("arxiv:a", Movement.DOWN));
        assertThat(before).isEqualTo(40.0);
        assertThat(refreshed.getEntries().get(1).getObserved()).isEqualTo(60.0);
        assertThat(refreshed.getGeneratedAt()).isAfter(view.getGeneratedAt());
        assertThat(meters.get("papertrends.trend.update.latency").timer().count()).isEqualTo(2);
    }

    @Test
    void shouldEmitAtMostOneUpdatePerScopeAndInterval() {
        start(10);
        window("arxiv:a", 5, 40, false);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        window("arxiv:b", 5, 80, false);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(scope(trend.updates(), "global")).as("first interval: a alone").singleElement()
                .satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:a"));
        window("arxiv:c", 5, 160, false);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(scope(trend.updates(), "global")).as("second interval: b arrived, c not yet merged").singleElement()
                .satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:b", "arxiv:a"));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(scope(trend.updates(), "global")).singleElement()
                .satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:c", "arxiv:b", "arxiv:a"));
    }

    @Test
    void shouldLowerABurstOverWallClockTimeWithoutNewEvents() {
        start(10);
        window("arxiv:burst", 5, 81, false);
        window("arxiv:busy", 5, 41, false);
        TrendingUpdate first = scope(tick(), "global").get(0);
        assertThat(ids(first)).containsExactly("arxiv:burst", "arxiv:busy");
        double burstScore = first.getEntries().get(0).getScore();

        driver.advanceWallClockTime(Duration.ofHours(2));
        // busy keeps its level with fresh activity, burst gets nothing new and has lost two half-lives.
        window("arxiv:busy", 125, 41, false);
        TrendingUpdate second = scope(tick(), "global").get(0);

        assertThat(ids(second)).containsExactly("arxiv:busy", "arxiv:burst");
        TrendingEntry burst = second.getEntries().get(1);
        assertThat(burst.getMovement()).isEqualTo(Movement.DOWN);
        assertThat(burst.getDecay()).isCloseTo(0.25, offset(0.01));
        assertThat(burst.getScore()).isCloseTo(burstScore / 4, offset(burstScore * 0.01));
        assertThat(second.getEntries().get(0).getDecay()).isCloseTo(1.0, offset(0.001));
    }

    @Test
    void shouldDropABurstThatDecayedAwayWithoutAnyNewRecord() {
        start(10);
        window("arxiv:burst", 5, 200, false);
        assertThat(ids(scope(tick(), "global").get(0))).containsExactly("arxiv:burst");

        // 200 events where 1 was expected: raw score (√200 + √201 − √5)² ≈ 680 ≈ 2^9.4, below the
        // minimum score of 1 after 9.4 half-lives.
        driver.advanceWallClockTime(Duration.ofHours(9));
        assertThat(trend.updates()).as("still above the minimum").isEmpty();
        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(scope(trend.updates(), "global")).singleElement().satisfies(u -> {
            assertThat(u.getEntries()).isEmpty();
            assertThat(u.getLeft()).containsExactly("arxiv:burst");
        });
    }

    @Test
    void shouldRankPerKeywordAndCategoryScope() {
        start(10);
        paper("arxiv:vision", "Diffusion for images", List.of("Diffusion Model", "Image Generation"), List.of("cs.CV", "cs.LG"));
        paper("arxiv:text", "Language models", List.of("Language Model", "Diffusion Model"), List.of("cs.CL", "cs.LG"));
        window("arxiv:vision", 5, 50, false);
        window("arxiv:text", 5, 30, false);

        List<KeyValue<String, TrendingUpdate>> out = tick();

        assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder("global", "keyword:diffusion model",
                "keyword:image generation", "keyword:language model", "category:cs.CV", "category:cs.CL", "category:cs.LG");
        assertThat(out).allSatisfy(kv -> assertThat(kv.value.getScope()).isEqualTo(kv.key));
        assertThat(ids(scope(out, "keyword:diffusion model").get(0))).containsExactly("arxiv:vision", "arxiv:text");
        assertThat(ids(scope(out, "keyword:image generation").get(0))).containsExactly("arxiv:vision");
        assertThat(ids(scope(out, "category:cs.CL").get(0))).containsExactly("arxiv:text");
        assertThat(ids(scope(out, "category:cs.LG").get(0))).containsExactly("arxiv:vision", "arxiv:text");
    }

    @Test
    void shouldBringKeywordAndCategoryRankingsUpToDateOncePerScopeIntervalAndTheGlobalOneEveryUpdateInterval() {
        trend = new TrendTestDriver(TrendTestDriver.config(10).withScopeInterval(5000), stateDir, T0);
        driver = trend.driver;
        meters = trend.meters;
        paper("arxiv:vision", "Diffusion for images", List.of("Diffusion Model"), List.of("cs.CV"));
        paper("arxiv:text", "Language models", List.of("Language Model"), List.of("cs.CL"));
        window("arxiv:vision", 5, 50, false);

        List<KeyValue<String, TrendingUpdate>> first = tick();
        assertThat(first).extracting(kv -> kv.key).containsExactly("global");

        window("arxiv:text", 5, 80, false);
        List<KeyValue<String, TrendingUpdate>> second = tick();
        assertThat(second).extracting(kv -> kv.key).containsExactly("global");
        assertThat(ids(scope(second, "global").get(0))).containsExactly("arxiv:text", "arxiv:vision");

        trend.seconds(1); // the scope interval has passed: every changed list goes to the merge, which ranks them at its next interval
        List<KeyValue<String, TrendingUpdate>> scopes = tick();
        assertThat(scopes).extracting(kv -> kv.key).containsExactlyInAnyOrder("keyword:diffusion model", "category:cs.CV",
                "keyword:language model", "category:cs.CL");
        assertThat(ids(scope(scopes, "keyword:language model").get(0))).containsExactly("arxiv:text");
    }

    @Test
    void shouldMoveAPaperToItsNewScopesWhenItsKeyphrasesChange() {
        start(10);
        paper("arxiv:1", "First", List.of("Old Topic"), List.of());
        window("arxiv:1", 5, 50, false);
        assertThat(scope(tick(), "keyword:old topic")).singleElement().satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:1"));

        paper("arxiv:1", "First", List.of("New Topic"), List.of());
        List<KeyValue<String, TrendingUpdate>> out = tick();

        assertThat(scope(out, "keyword:old topic")).singleElement().satisfies(u -> {
            assertThat(u.getEntries()).isEmpty();
            assertThat(u.getLeft()).containsExactly("arxiv:1");
        });
        assertThat(scope(out, "keyword:new topic")).singleElement().satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:1"));
        assertThat(scope(out, "global")).as("unchanged").isEmpty();
    }

    @Test
    void shouldForgetThePapersOwnBaselineAfterTheRetention() {
        start(10);
        history("arxiv:low", 2);
        history("arxiv:old", 50);
        calmField(10);
        window("arxiv:old", 5, 70, false);
        assertThat(scope(tick(), "global").get(0).getEntries().get(0).getExpected()).as("its own level, scaled by the field's")
                .isCloseTo(50 * (70 + 100) / (50.0 + 100), offset(1e-6));

        driver.advanceWallClockTime(Duration.ofHours(25));
        window("arxiv:old", 24 * 60 + 5, 60, false);
        List<TrendingUpdate> global = scope(tick(), "global");

        assertThat(global).isNotEmpty();
        TrendingEntry entry = global.get(global.size() - 1).getEntries().get(0);
        assertThat(entry.getPaperId()).isEqualTo("arxiv:old");
        assertThat(entry.getExpected()).as("held to the field only").isLessThan(20);
    }

    @Test
    void shouldSendTheMergeAtMostKCandidatesPerScopeAndIntervalHoweverBusyTheInput() {
        start(5);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 200; i++) {
                window("arxiv:" + i, 5, 10 + i + round, false);
            }
        }
        List<TrendingUpdate> global = scope(tick(), "global");

        assertThat(meters.get("papertrends.trend.candidates.sent").counter().count()).as("one list for the one scope").isEqualTo(1.0);
        assertThat(global).singleElement().satisfies(u ->
                assertThat(ids(u)).containsExactly("arxiv:199", "arxiv:198", "arxiv:197", "arxiv:196", "arxiv:195"));
        assertThat(meters.get("papertrends.trend.popularity.records").tag("final", "false").counter().count()).isEqualTo(600.0);
    }

    @Test
    void shouldDropAPaperFromEveryRankingWhenItsEnrichedRecordIsDeleted() {
        start(10);
        paper("arxiv:1", "First", List.of("Topic"), List.of("cs.CL"));
        paper("arxiv:2", "Second", List.of("Topic"), List.of("cs.CL"));
        window("arxiv:1", 5, 50, false);
        window("arxiv:2", 5, 20, false);
        assertThat(scope(tick(), "global")).singleElement().satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:1", "arxiv:2"));

        trend.deletePaper("arxiv:1");
        List<KeyValue<String, TrendingUpdate>> out = tick();

        assertThat(scope(out, "global")).singleElement().satisfies(u -> {
            assertThat(ids(u)).containsExactly("arxiv:2");
            assertThat(u.getLeft()).containsExactly("arxiv:1");
        });
        assertThat(scope(out, "keyword:topic")).singleElement().satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:2"));
        assertThat(scope(out, "category:cs.CL")).singleElement().satisfies(u -> assertThat(ids(u)).containsExactly("arxiv:2"));
    }

    @Test
    void shouldNameEveryProcessorStoreAndRepartitionTopic() {
        String description = TrendTopology.buildTopology(new Topics("", new PlainAvroSerdes()), TrendConfig.defaults(), new SimpleMeterRegistry()).describe().toString();
        assertThat(description).contains(TrendTopology.POPULARITY_SOURCE, TrendTopology.PAPERS_SOURCE, TrendTopology.METADATA_PROCESSOR,
                TrendTopology.SCORE_PROCESSOR, TrendTopology.MERGE_PROCESSOR, TrendTopology.SINK, "trend-candidates-repartition",
                TrendStores.META_STORE, TrendStores.PAPER_STORE, TrendStores.FIELD_STORE, TrendStores.PARTITION_CANDIDATES_STORE,
                TrendStores.PARTITION_DIRTY_STORE, TrendStores.MERGE_CANDIDATES_STORE, TrendStores.RANKINGS_STORE,
                TrendStores.MERGE_DIRTY_STORE, TrendStores.EXPIRY_STORE);
        assertThat(description).contains(TrendTopology.KEYWORD_SUMMARY_PROCESSOR, TrendTopology.KEYWORD_RANKER, TrendTopology.KEYWORDS_SINK,
                TrendTopology.DIGEST_PROCESSOR, TrendTopology.DIGEST_SINK, "trend-keyword-scores-repartition",
                TrendStores.KEYWORD_SUMMARY_DIRTY_STORE, TrendStores.KEYWORD_SCORES_STORE, TrendStores.KEYWORD_DIRTY_STORE,
                TrendStores.DIGEST_LOG_STORE, "trend-keyword-rankings", "trending-keywords", "trending-digest");
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
    }
}
