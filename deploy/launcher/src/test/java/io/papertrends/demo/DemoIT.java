package io.papertrends.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.ingest.simulate.Burst;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's orchestration on free ports in a temporary directory, with a short backfill and
 * bursts planted seconds after real time starts: the services come up, the sample page is
 * ingested, and once the rankings reflect the bursts a planted burst leads the global 1 h
 * leaderboard read from {@code trending-updates}. Then everything stops.
 */
class DemoIT {

    @Test
    void shouldShowPlantedBurstsOnTheGlobalLeaderboard(@TempDir Path dir) throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        Demo.Options options = new Demo.Options(dir.resolve("demo"), false, 0, 0, 0, 0, 0, 0,
                5, Duration.ofMinutes(90), 7, List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6)),
                40, Duration.ofMinutes(10), Map.of("commit.interval.ms", "300"));
        Map<String, TrendingUpdate> latest;
        List<Burst> bursts;
        try (Demo demo = new Demo(options, line -> {
            progress.add(line);
            System.out.println(line);
        })) {
            demo.start();
            bursts = demo.bursts();
            assertThat(bursts).hasSize(3);
            Set<String> burstIds = bursts.stream().map(Burst::paperId).collect(Collectors.toSet());
            Leaderboard board = demo.leaderboard().orElseThrow();
            Instant firstBurst = bursts.get(0).startsAt(demo.realTimeFrom().orElseThrow()).truncatedTo(ChronoUnit.SECONDS);
            // Rankings of the backfill come first (before baselines settle, anything may rank):
            // wait for one that reflects the bursts, led by a burst paper.
            Awaitility.await("a planted burst leading the global 1h leaderboard").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        TrendingUpdate global = board.latest().get("1h");
                        return global != null && !global.getAsOf().isBefore(firstBurst) && !global.getEntries().isEmpty()
                                && burstIds.contains(global.getEntries().get(0).getPaperId());
                    });
            latest = board.latest();
            new LeaderboardView(10).render(List.of("1h", "24h"), latest, List.of(), List.of()).forEach(System.out::println);
        }
        assertThat(progress).anyMatch(l -> l.contains("stack ready in"))
                .anyMatch(l -> l.contains("services RUNNING"))
                .anyMatch(l -> l.contains("sample page ingested: 218 papers"))
                .anyMatch(l -> l.contains("backfill done"))
                .anyMatch(l -> l.contains("burst paper=" + bursts.get(0).paperId()));
        TrendingUpdate global = latest.get("1h");
        assertThat(global.getScope()).isEqualTo("global");
        TrendingEntry burst = global.getEntries().get(0);
        assertThat(burst.getTitle()).as("titles come from papers-enriched").isNotBlank();
        assertThat(burst.getScore()).isPositive();
        assertThat(burst.getGrowth()).isGreaterThan(1);
        assertThat(dir.resolve("demo").resolve(Demo.STATE_FILE)).exists();
    }
}
