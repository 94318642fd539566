package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState;
import io.papertrends.trend.core.TrendStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trending-digest} from the whole topology: once a day at 08:00 Europe/Berlin, the top 3 of the 1 h window. */
class TrendDigestTopologyTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final TrendConfig CONFIG = TrendTestDriver.config(10).withDigest(LocalTime.of(8, 0), BERLIN, 3, "1h");
    /** 08:00 in Berlin on 26 November (CET, UTC+1). */
    private static final Instant DIGEST_TIME = Instant.parse("2026-11-26T07:00:00Z");

    @TempDir
    Path stateDir;
    @TempDir
    Path saved;

    private TrendTestDriver trend;

    @AfterEach
    void tearDown() {
        if (trend != null) {
            trend.close();
        }
    }

    private void start(Instant at) {
        trend = new TrendTestDriver(CONFIG, stateDir, at);
    }

    /** Four papers in the global scope, ranked a, b, c, d; a also in the scope of its keyphrase, with a landing page of its own. */
    private void rankFourPapers() {
        trend.paper("arxiv:a", "Paper A", List.of("Alpha"), List.of("alpha"), List.of(), "https://example.org/papers/a");
        trend.window("arxiv:a", 5, 81, false);
        trend.window("arxiv:b", 5, 61, false);
        trend.window("arxiv:c", 5, 41, false);
        trend.window("arxiv:d", 5, 21, false);
        trend.seconds(3);
    }

    private List<KeyValue<String, TrendingDigest>> minutes(int n) {
        List<KeyValue<String, TrendingDigest>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            trend.advance(Duration.ofMinutes(1));
            out.addAll(trend.digests());
        }
        return out;
    }

    private static List<String> ids(TrendingDigest digest) {
        return digest.getEntries().stream().map(DigestEntry::getPaperId).toList();
    }

    @Test
    void shouldProduceOneDigestPerRankedScopeAtTheLocalDigestTime() {
        Instant start = DIGEST_TIME.minus(Duration.ofMinutes(30));
        start(start);
        rankFourPapers();

        assertThat(minutes(29)).as("07:59 in Berlin, 06:59 UTC").isEmpty();
        List<KeyValue<String, TrendingDigest>> out = minutes(2);

        assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder("global|2026-11-26", "keyword:alpha|2026-11-26");
        TrendingDigest global = out.stream().filter(kv -> kv.key.startsWith("global|")).findFirst().orElseThrow().value;
        assertThat(global.getScope()).isEqualTo("global");
        assertThat(global.getDate()).isEqualTo("2026-11-26");
        assertThat(global.getZone()).isEqualTo("Europe/Berlin");
        assertThat(global.getWindow()).isEqualTo("1h");
        assertThat(global.getEntries()).extracting(DigestEntry::getPaperId, DigestEntry::getRank, DigestEntry::getPreviousRank,
                DigestEntry::getMovement).containsExactly(
                        tuple("arxiv:a", 1, null, Movement.NEW), tuple("arxiv:b", 2, null, Movement.NEW), tuple("arxiv:c", 3, null, Movement.NEW));
        DigestEntry first = global.getEntries().get(0);
        assertThat(first.getTitle()).isEqualTo("Paper A");
        assertThat(first.getKeyphrases()).containsExactly("Alpha");
        assertThat(first.getUrl()).as("the landing page its source gave").isEqualTo("https://example.org/papers/a");
        assertThat(global.getEntries().get(1).getUrl()).as("else the reader page by the id rule").isEqualTo("https://arxiv.org/abs/b");
        double hours = Duration.between(start, global.getGeneratedAt()).toMillis() / 3_600_000.0;
        assertThat(global.getGeneratedAt()).isBetween(DIGEST_TIME, DIGEST_TIME.plus(Duration.ofMinutes(1)));
        double z = Math.sqrt(81) + Math.sqrt(82) - Math.sqrt(5);
        assertThat(first.getScore()).as("81 events where 1 was expected, decayed to digest time")
                .isCloseTo(z * z * Math.pow(0.5, hours), offset(z * z * 0.001));
    }

    @Test
    void shouldProduceExactlyOneDigestPerScopeAndDayWhateverHappensLaterThatDay() {
        start(DIGEST_TIME.minus(Duration.ofMinutes(10)));
        rankFourPapers();
        assertThat(minutes(15)).hasSize(2);
        trend.updates();

        trend.window("arxiv:d", 90, 500, false);
        trend.paper("arxiv:e", "Paper E", List.of("Epsilon"), List.of());
        trend.window("arxiv:e", 90, 300, false);
        List<KeyValue<String, TrendingDigest>> later = minutes(180);
        trend.advance(Duration.ofHours(12));
        later.addAll(trend.digests());

        assertThat(later).as("the ranking changed and a new scope appeared, but today's digests are out").isEmpty();
        assertThat(trend.updates()).as("the rankings did change").isNotEmpty();
    }

    @Test
    void shouldReportMovementsAgainstThePreviousDaysDigest() {
        start(DIGEST_TIME.minus(Duration.ofMinutes(10)));
        rankFourPapers();
        assertThat(minutes(15)).extracting(kv -> kv.key).contains("global|2026-11-26");

        // The next morning: yesterday's bursts have decayed away; c, a and a new paper e are active.
        trend.advance(Duration.ofHours(23));
        assertThat(trend.digests()).isEmpty();
        trend.window("arxiv:c", 24 * 60, 300, false);
        trend.window("arxiv:a", 24 * 60, 200, false);
        trend.window("arxiv:e", 24 * 60, 100, false);
        trend.seconds(3);
        List<KeyValue<String, TrendingDigest>> out = minutes(60);

        assertThat(out).filteredOn(kv -> kv.key.equals("global|2026-11-27")).singleElement().satisfies(kv ->
                assertThat(kv.value.getEntries()).extracting(DigestEntry::getPaperId, DigestEntry::getRank, DigestEntry::getPreviousRank,
                        DigestEntry::getMovement).containsExactly(
                                tuple("arxiv:c", 1, 3, Movement.UP), tuple("arxiv:a", 2, 1, Movement.DOWN), tuple("arxiv:e", 3, null, Movement.NEW)));
        assertThat(out).extracting(kv -> kv.key).containsExactlyInAnyOrder("global|2026-11-27", "keyword:alpha|2026-11-27");
    }

    @Test
    void shouldCatchUpTodaysDigestAfterADowntimeButNotRepeatItAfterARestart() {
        start(DIGEST_TIME.plus(Duration.ofHours(2)));
        rankFourPapers();
        List<KeyValue<String, TrendingDigest>> first = minutes(1);
        assertThat(first).as("past due at start: produced at the first check").extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("global|2026-11-26", "keyword:alpha|2026-11-26");
        trend.closeStores();
        copy(stateDir, saved);
        trend.close();
        trend = null;
        copy(saved, stateDir);

        start(DIGEST_TIME.plus(Duration.ofHours(3)));
        assertThat(trend.driver.<String, TrendState.Ranking>getKeyValueStore(TrendStores.RANKINGS_STORE)
                .get(new CompositeKey("1h", "global").encode())).as("state survived the restart: a digest could be made").isNotNull();
        assertThat(minutes(30)).isEmpty();
        assertThat(ids(first.stream().filter(kv -> kv.key.startsWith("global")).findFirst().orElseThrow().value))
                .containsExactly("arxiv:a", "arxiv:b", "arxiv:c");
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
