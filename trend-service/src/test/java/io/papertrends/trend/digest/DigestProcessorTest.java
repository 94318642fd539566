package io.papertrends.trend.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.MockStores;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState.Ranking;
import io.papertrends.trend.core.TrendStores;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The digest alone, over rankings as the merge stores them. */
class DigestProcessorTest {
    private static final long HOUR = 3_600_000;
    private static final Instant EIGHT = Instant.parse("2026-11-26T08:00:00Z");

    private final MockProcessorContext<String, TrendingDigest> context = new MockProcessorContext<>();
    private final DigestProcessor processor = new DigestProcessor(
            new TrendConfig(10, 1000, HOUR, 0.3, 0.05, 1.0, 1.0, 3, 3, 24 * HOUR).withDigest(LocalTime.of(8, 0), ZoneId.of("UTC"), 2, "24h"), 2);
    private KeyValueStore<String, Ranking> rankings;

    @BeforeEach
    void setUp() {
        rankings = MockStores.keyValue(context, TrendStores.RANKINGS_STORE, Ranking.SERDE);
        MockStores.keyValue(context, TrendStores.DIGEST_LOG_STORE, DigestLog.SERDE);
        processor.init(context);
    }


    private void rank(String window, String scope, String... papers) {
        rank(window, scope, Map.of(), papers);
    }

    private void rank(String window, String scope, Map<String, String> urls, String... papers) {
        List<TrendingEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < papers.length; i++) {
            entries.add(TrendingEntry.newBuilder().setRank(i + 1).setPreviousRank(null).setMovement(Movement.NEW).setPaperId(papers[i])
                    .setTitle("title of " + papers[i]).setKeyphrases(List.of()).setScore(100.0 - i).setObserved(0).setExpected(1)
                    .setGrowth(0).setDecay(1).setEvents(1).setReaders(1).build());
        }
        TrendingUpdate view = TrendingUpdate.newBuilder().setScope(scope).setWindow(window).setEntries(entries).setLeft(List.of())
                .setGeneratedAt(EIGHT).setAsOf(EIGHT).build();
        rankings.put(new CompositeKey(window, scope).encode(), new Ranking(List.of(papers), "", view, urls));
    }

    private List<String> check(Instant at) {
        context.resetForwards();
        processor.produceDue(at.toEpochMilli());
        return context.forwarded().stream().<String>map(f -> f.record().key()).toList();
    }

    @Test
    void shouldSpreadALargePassOverChecksWithoutRepeatingAScope() {
        rank("24h", "global", "a", "b", "c");
        rank("24h", "category:cs.CL", "a");
        rank("24h", "keyword:x", "b");
        rank("1h", "global", "z");

        assertThat(check(EIGHT.minusSeconds(60))).as("not yet due").isEmpty();
        List<String> first = check(EIGHT);
        List<String> second = check(EIGHT.plusSeconds(60));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(check(EIGHT.plusSeconds(120))).isEmpty();
        assertThat(first.size() + second.size()).isEqualTo(3);
    }

    @Test
    void shouldTakeTheTopNOfTheDigestWindowOnly() {
        rank("24h", "global", "a", "b", "c");
        rank("1h", "global", "z");
        check(EIGHT);

        TrendingDigest digest = context.forwarded().get(0).record().value();
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("global|2026-11-26");
        assertThat(digest.getEntries()).extracting(e -> e.getPaperId()).containsExactly("a", "b");
        assertThat(digest.getZone()).isEqualTo("UTC");
    }

    @Test
    void shouldLinkEachPaperToItsLandingPage() {
        rank("24h", "global", Map.of("doi:10.1/own", "https://publisher.example/own", "title:0123456789abcdef", "javascript:alert(1)"),
                "doi:10.1/own", "arxiv:2611.00001", "title:0123456789abcdef");
        DigestProcessor three = new DigestProcessor(
                new TrendConfig(10, 1000, HOUR, 0.3, 0.05, 1.0, 1.0, 3, 3, 24 * HOUR).withDigest(LocalTime.of(8, 0), ZoneId.of("UTC"), 3, "24h"));
        three.init(context);
        context.resetForwards();
        three.produceDue(EIGHT.toEpochMilli());
        TrendingDigest digest = context.forwarded().get(0).record().value();
        assertThat(digest.getEntries()).extracting(e -> e.getUrl()).containsExactly(
                "https://publisher.example/own", "https://arxiv.org/abs/2611.00001", null);
    }

    @Test
    void shouldNotDigestARankingWhoseScoresHaveAllDecayedBelowTheMinimum() {
        rank("24h", "global", "a");
        // 100 at 08:00, with a one-hour half-life below 1 after log2(100) ≈ 6.6 hours.
        assertThat(check(EIGHT.plusSeconds(7 * 3600))).isEmpty();
    }
}
